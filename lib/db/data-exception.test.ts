import { describe, expect, it } from "vitest";
import { dataExceptionMessage } from "./data-exception";

/** Errors as pg and Prisma's driver adapter throw them (their shapes, as seen from PostgreSQL 15). */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const prismaError = (code: string, message: string) =>
  Object.assign(new Error("Invalid `db().prisma.serviceOperation.findMany()` invocation"), {
    code: "P2039",
    meta: {
      driverAdapterError: {
        cause: { originalCode: code, originalMessage: message, kind: "postgres", message },
      },
    },
  });

describe("dataExceptionMessage", () => {
  it.each([
    ["a NUL in text, from pg", pgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00')],
    [
      "a number written with an exponent, from pg",
      pgError("22P02", 'invalid input syntax for type bigint: "1e+23"'),
    ],
    [
      "a bigint out of range, from pg",
      pgError("22003", 'value "10000000000000000000" is out of range for type bigint'),
    ],
    [
      "a NUL in text, through Prisma",
      prismaError("22021", 'invalid byte sequence for encoding "UTF8": 0x00'),
    ],
  ])("reads %s as PostgreSQL's message", (_name, error) => {
    expect(dataExceptionMessage(error)).toMatch(/invalid|out of range/);
  });

  it.each([
    [
      "a statement timeout (57014), a 503 elsewhere",
      pgError("57014", "canceling statement due to statement timeout"),
    ],
    [
      "a lost connection",
      Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" }),
    ],
    ["a unique violation (23505)", pgError("23505", "duplicate key value violates unique constraint")],
    ["a Prisma error of its own", Object.assign(new Error("P2025"), { code: "P2025" })],
    ["a Prisma error from a timeout", prismaError("57014", "canceling statement due to statement timeout")],
    ["a plain error", new Error("22021")],
    ["not an error at all", undefined],
  ])("leaves %s alone", (_name, error) => {
    expect(dataExceptionMessage(error)).toBeUndefined();
  });
});
