/** The redactor lives in core (the sandbox's messages pass it too); the editor's log and notices use it from here. */
export { redact } from '../core/redact';
