// CDK cloud assemblies: `cdk.out/manifest.json` names the stacks' templates.
// Contract: `isAssemblyManifest(root)` recognises a manifest by its `artifacts` member whose
// entries have a `type` (aws:cloudformation:stack, cdk:cloud-assembly, …) and a `version`.
// `assemblyTemplates` returns the template files it names (stacks' `properties.templateFile`,
// nested assemblies' `properties.directoryName` + `/manifest.json`), relative to the manifest's
// directory, in manifest order. The templates themselves are read as CloudFormation templates.

import { member, type TNode } from "./tree.js";

export function isAssemblyManifest(root: TNode): boolean {
  const artifacts = member(root, "artifacts");
  return (
    member(root, "version") !== undefined &&
    artifacts?.type === "object" &&
    artifacts.entries.some((e) => member(e.value, "type") !== undefined)
  );
}

export function assemblyTemplates(root: TNode): string[] {
  const out: string[] = [];
  const artifacts = member(root, "artifacts");
  if (artifacts?.type !== "object") return out;
  for (const e of artifacts.entries) {
    const type = member(e.value, "type");
    const props = member(e.value, "properties");
    const str = (n: TNode | undefined) => (n?.type === "scalar" && typeof n.value === "string" ? n.value : undefined);
    if (str(type) === "aws:cloudformation:stack") {
      const file = str(member(props, "templateFile"));
      if (file) out.push(file);
    } else if (str(type) === "cdk:cloud-assembly") {
      const dir = str(member(props, "directoryName"));
      if (dir) out.push(`${dir}/manifest.json`);
    }
  }
  return out;
}
