import { badRequest } from "../../errors";
import type { AttributeValue } from "../../model/span";
import { readI64Number, readList, readStruct, type ThriftProtocol, ThriftType } from "../shared/thrift";
import type { Tag } from "./model";

const { BOOL, DOUBLE, I32, I64, STRING, STRUCT } = ThriftType;
// jaeger.thrift's TagType, by wire value.
const TAG_TYPES = ["STRING", "DOUBLE", "BOOL", "LONG", "BINARY"] as const;

/** A Thrift `list<Tag>` as typed tags; `path` names the list ("span[2].tags"). */
export function readTags(protocol: ThriftProtocol, path: string): Tag[] {
  return readList(protocol, STRUCT, path, (i) => readTag(protocol, `${path}[${i}]`));
}

/**
 * The value is the field that `vType` names. jaeger-client writes all five value fields whatever the
 * type, so the others are read past, never used; a missing one reads as Thrift's zero value, as
 * Jaeger's Go converter does.
 */
function readTag(protocol: ThriftProtocol, path: string): Tag {
  let key: string | undefined;
  let vType: number | undefined;
  let str = "";
  let double = 0;
  let bool = false;
  let long: number | string = 0;
  let binary: Buffer | undefined;
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === STRING) key = protocol.readString();
    else if (fid === 2 && type === I32) vType = protocol.readI32();
    else if (fid === 3 && type === STRING) str = protocol.readString();
    else if (fid === 4 && type === DOUBLE) double = protocol.readDouble();
    else if (fid === 5 && type === BOOL) bool = protocol.readBool();
    else if (fid === 6 && type === I64) long = readI64Number(protocol);
    else if (fid === 7 && type === STRING) binary = protocol.readBinary();
    else return false;
    return true;
  });
  if (key === undefined) throw badRequest(`${path}.key: missing; expected a string`);
  let value: AttributeValue;
  switch (TAG_TYPES[vType ?? -1]) {
    case "STRING":
      value = str;
      break;
    // JSON, where attributes end up, cannot hold NaN or ±Infinity: those keep their names.
    case "DOUBLE":
      value = Number.isFinite(double) ? double : String(double);
      break;
    case "BOOL":
      value = bool;
      break;
    case "LONG":
      value = long;
      break;
    case "BINARY":
      return { key, value: binary === undefined ? "" : binary.toString("base64"), binary: true };
    default:
      throw badRequest(
        `${path}.vType: expected 0-4 (STRING, DOUBLE, BOOL, LONG, BINARY), got ${vType ?? "nothing"}`,
      );
  }
  return { key, value };
}
