/*
 * Fixture data the MCP conformance suite (0.1.16 / 0.2.0-alpha.12) expects. Values are test
 * data, not secrets.
 */

/** A 1×1 PNG pixel. */
export const TEST_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** A minimal (header-only, 2 data bytes) 8 kHz mono 16-bit WAV file. */
export const TEST_WAV_BASE64 = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

/**
 * SEP-1613 input schema with the SEP-2106 vocabulary, served verbatim: the `json-schema-2020-12`
 * scenario checks that `$schema`, `$defs`, `additionalProperties: false`, `$anchor`,
 * `allOf`/`anyOf` and `if`/`then`/`else` survive discovery unchanged.
 */
export const JSON_SCHEMA_2020_12_INPUT = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

/** Spacing of the logging and progress notifications (~50 ms in the reference server). */
export const NOTIFICATION_SPACING_MS = 50;
