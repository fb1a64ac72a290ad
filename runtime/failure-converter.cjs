// Failure messages and stack traces travel as an encoded payload (then encrypted by the payload codec)
// instead of plain text: a refusal's message may name what a person typed. Plain CommonJS because the
// SDK require()s this file in the worker and client and bundles it into the workflow code.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
