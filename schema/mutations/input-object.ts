/** A form's input: an object of fields. The services check it (one rule for the API, the portal, a batch). */
export { isInputObject } from '../../services/send-event-as.ts';
