import { describe, expect, it } from "vitest";
import { classifyDbError, databaseMessage } from "./failures";

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

describe("classifyDbError", () => {
  it.each([
    [
      "a NUL in text, from pg",
      pgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00'),
      "invalid",
    ],
    [
      "an exponent for a bigint",
      pgError("22P02", 'invalid input syntax for type bigint: "1e+23"'),
      "invalid",
    ],
    ["a bigint out of range", pgError("22003", 'value "1e19" is out of range for type bigint'), "invalid"],
    ["a NUL in text, through Prisma", prismaError("22021", "invalid byte sequence"), "invalid"],
    ["an index row too large", pgError("54000", "index row size 3000 exceeds btree maximum"), "invalid"],
    ["a statement timeout", pgError("57014", "canceling statement due to statement timeout"), "unavailable"],
    ["a statement timeout, through Prisma", prismaError("57014", "canceling statement"), "unavailable"],
    [
      "the server shutting down",
      pgError("57P01", "terminating connection due to administrator command"),
      "unavailable",
    ],
    ["the server starting", pgError("57P03", "the database system is starting up"), "unavailable"],
    ["too many connections", pgError("53300", "sorry, too many clients already"), "unavailable"],
    ["a deadlock after retries", pgError("40P01", "deadlock detected"), "unavailable"],
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "unavailable",
    ],
    ["a pipe broken mid-write", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }), "unavailable"],
    ["a lost connection", new Error("Connection terminated unexpectedly"), "unavailable"],
    ["the pool's wait running out", new Error("timeout exceeded when trying to connect"), "unavailable"],
    ["a syntax error of ours", pgError("42601", 'syntax error at or near "SELEC"'), "bug"],
    ["a unique violation", pgError("23505", "duplicate key value violates unique constraint"), "bug"],
    ["a Prisma error of its own", Object.assign(new Error("P2025"), { code: "P2025" }), "bug"],
    ["a plain error", new Error("22021"), "bug"],
    ["not an error at all", undefined, "bug"],
  ])("reads %s as %s", (_name, error, failure) => {
    expect(classifyDbError(error)).toBe(failure);
  });
});

describe("databaseMessage", () => {
  it("is PostgreSQL's own message, through Prisma's adapter too", () => {
    expect(databaseMessage(prismaError("22021", "invalid byte sequence"))).toBe("invalid byte sequence");
    expect(databaseMessage(pgError("22003", "out of range"))).toBe("out of range");
  });
});
