// A template for the tests of Systems Manager parameters: `ssmTrustTemplate(params)` declares each
// parameter as `AWS::SSM::Parameter::Value<String>` (with its Default where one is given) and has
// one role, R, whose trust policy names them all as principals (`!Ref` for one, a list for more).

export function ssmTrustTemplate(params: Record<string, string | undefined>): string {
  const names = Object.keys(params);
  const declared = names
    .map((n) => `  ${n}:\n    Type: AWS::SSM::Parameter::Value<String>\n` + (params[n] !== undefined ? `    Default: ${params[n]}\n` : ""))
    .join("");
  const refs = names.map((n) => `!Ref ${n}`);
  const principal = refs.length === 1 ? refs[0] : `[${refs.join(", ")}]`;
  return `Parameters:
${declared}Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: ${principal} }
            Action: sts:AssumeRole
`;
}
