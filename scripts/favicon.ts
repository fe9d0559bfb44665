import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

/**
 * Writes app/favicon.ico from app/icon.svg, the one drawing of Tracelight's mark: browsers that take
 * the SVG (the <link rel="icon"> Next.js writes for app/icon.svg) use it, and /favicon.ico, which
 * browsers and bookmarks ask for whatever the page says, holds it drawn by Chromium at 16, 32 and
 * 48 px. An ICO may carry PNG images, so the file is a directory of sizes and the PNGs themselves.
 * Run after changing the SVG: `node --import tsx scripts/favicon.ts`.
 */
const root = path.resolve(import.meta.dirname, "..");
const SIZES_PX = [16, 32, 48];

/** ICONDIR, then one ICONDIRENTRY per image (16 bytes), then the images, each a whole PNG. */
function packIco(images: { sizePx: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1: icon (2 would be a cursor)
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ sizePx, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(sizePx % 256, entry); // width; 0 means 256
    header.writeUInt8(sizePx % 256, entry + 1); // height
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
}

const svg = readFileSync(path.join(root, "app/icon.svg"));
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
const browser = await chromium.launch({ executablePath: systemChromium });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const images = [];
  for (const sizePx of SIZES_PX) {
    const src = `data:image/svg+xml;base64,${svg.toString("base64")}`;
    await page.setContent(`<img src="${src}" width="${sizePx}" height="${sizePx}" style="display:block">`);
    const png = await page.locator("img").screenshot({ omitBackground: true });
    images.push({ sizePx, png });
  }
  writeFileSync(path.join(root, "app/favicon.ico"), packIco(images));
} finally {
  await browser.close();
}
