// validate_sbom.mjs - validates SBOMs against the official schemas:
// CycloneDX 1.5 with @cyclonedx/cyclonedx-library's strict JSON validator
// (it bundles the official schema), SPDX 2.3 with ajv and the SPDX
// project's JSON schema. On top of the schemas, the rules they cannot
// express: references resolve, ids are unique, SPDX files carry a SHA1.
//
// Usage: node validate_sbom.mjs NODE_MODULES_PREFIX SPDX_SCHEMA FILE...
// (FILE ending in .cdx.json or .spdx.json). Exit 0 valid, 1 invalid.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [prefix, spdxSchemaPath, ...files] = process.argv.slice(2);
const require = createRequire(join(prefix, 'package.json'));
const CDX = require('@cyclonedx/cyclonedx-library');
const Ajv2019 = require('ajv/dist/2019').default;
const addFormats = require('ajv-formats').default ?? require('ajv-formats');

const failedFiles = new Set();
const fail = (file, msg) => {
  console.log(`FAIL ${file}: ${msg}`);
  failedFiles.add(file);
};

function cdxRefs(file, bom) {
  const refs = new Set();
  const add = (c) => {
    if (!c || c['bom-ref'] === undefined) return;
    if (refs.has(c['bom-ref'])) fail(file, `bom-ref ${c['bom-ref']} twice`);
    refs.add(c['bom-ref']);
  };
  add(bom.metadata?.component);
  (bom.components ?? []).forEach(add);
  for (const d of bom.dependencies ?? []) {
    for (const r of [d.ref, ...(d.dependsOn ?? [])])
      if (!refs.has(r)) fail(file, `dependency ref ${r} names no component`);
  }
  for (const v of bom.vulnerabilities ?? []) {
    for (const a of v.affects ?? [])
      if (!refs.has(a.ref)) fail(file, `${v.id} affects unknown ${a.ref}`);
  }
}

function spdxRules(file, doc) {
  const ids = new Set(['SPDXRef-DOCUMENT']);
  for (const e of [...(doc.packages ?? []), ...(doc.files ?? [])]) {
    if (ids.has(e.SPDXID)) fail(file, `SPDXID ${e.SPDXID} twice`);
    ids.add(e.SPDXID);
  }
  for (const f of doc.files ?? []) {
    // SPDX 2.3 clause 8.4: the SHA1 checksum is mandatory for files
    if (!(f.checksums ?? []).some((c) => c.algorithm === 'SHA1'))
      fail(file, `file ${f.fileName} has no SHA1`);
  }
  const noFiles = new Set((doc.packages ?? [])
    .filter((p) => p.filesAnalyzed === false).map((p) => p.SPDXID));
  const fileIds = new Set((doc.files ?? []).map((f) => f.SPDXID));
  for (const r of doc.relationships ?? []) {
    for (const id of [r.spdxElementId, r.relatedSpdxElement])
      if (!ids.has(id)) fail(file, `relationship names unknown ${id}`);
    // filesAnalyzed false: "the package must not contain any files"
    if (r.relationshipType === 'CONTAINS' && noFiles.has(r.spdxElementId) &&
        fileIds.has(r.relatedSpdxElement))
      fail(file, `${r.spdxElementId} (filesAnalyzed false) CONTAINS a file`);
  }
  if (!(doc.relationships ?? []).some((r) =>
    r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES'))
    fail(file, 'the document DESCRIBES nothing');
}

const cdxValidator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const spdxValidate = ajv.compile(JSON.parse(readFileSync(spdxSchemaPath, 'utf8')));

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text);
  if (file.endsWith('.cdx.json')) {
    const errors = await cdxValidator.validate(text);
    if (errors !== null && errors !== undefined)
      fail(file, JSON.stringify(errors).slice(0, 2000));
    if (doc.specVersion !== '1.5') fail(file, 'specVersion is not 1.5');
    cdxRefs(file, doc);
  } else if (file.endsWith('.spdx.json')) {
    if (!spdxValidate(doc))
      fail(file, JSON.stringify(spdxValidate.errors).slice(0, 2000));
    if (doc.spdxVersion !== 'SPDX-2.3') fail(file, 'spdxVersion is not SPDX-2.3');
    spdxRules(file, doc);
  } else {
    fail(file, 'neither .cdx.json nor .spdx.json');
    continue;
  }
  if (!failedFiles.has(file)) console.log(`ok ${file}`);
}
const failed = failedFiles.size;
console.log(`sbom-validate: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
