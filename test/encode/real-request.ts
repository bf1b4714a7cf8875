// A request AWS could send, written independently of src/encode/real-requests.ts (which must
// contain every request this calls real): the action `service:name`, the resource `*` or an ARN of
// the partition with a service-name service and an empty, 12-digit or AWS-literal account, an AWS
// principal in the partition, a service principal of service-name characters, ARN-valued keys
// (typed ARN, named …Arn/…Arns) holding such ARNs, aws:PrincipalServiceName a service name.

import type { Request } from "../../src/iam/request.js";
import { keyInfo } from "../../src/iam/condition-keys.js";

const ARN = /^arn:aws:[a-z0-9.-]+:[^:]*:(|\d{12}|aws|offering|partner):/s;
const SERVICE = /^[a-z0-9.-]+$/;

export function isRealRequest(r: Request): boolean {
  if (!/^[^:]+:[^:]+$/.test(r.action)) return false;
  if (r.resource !== "*" && !ARN.test(r.resource)) return false;
  const p = r.principal;
  if (p && typeof p === "object") {
    if ("AWS" in p && !String(p.AWS).startsWith("arn:aws:")) return false;
    if ("Service" in p && !SERVICE.test(String(p.Service))) return false;
  }
  for (const [k, v] of Object.entries(r.context)) {
    const values = v === null ? [] : Array.isArray(v) ? v : [v];
    if (/arns?$/i.test(k) && /^(arrayof)?arn$/i.test(keyInfo(k).type ?? "") && values.some((x) => !ARN.test(String(x)))) return false;
    if (k.toLowerCase() === "aws:principalservicename" && values.some((x) => !SERVICE.test(String(x)))) return false;
  }
  return true;
}
