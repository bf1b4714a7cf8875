// What a test expects of one reason of the library's response: AWS's members, and keyaki's
// location pointing at the statement of the document it names.
import { expect } from "vitest";

export function reasonAt(description: string, statementIndex: number, document = "policyDocument", statementId?: string) {
  return {
    description,
    statementIndex,
    ...(statementId !== undefined ? { statementId } : {}),
    location: expect.objectContaining({ path: `/Statement/${statementIndex}`, document }),
  };
}
