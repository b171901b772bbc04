/** The errorCode the alwaysFails action answers. */
export const ALWAYS_FAILS_ERROR_CODE = 'CONNECTOR_TIMEOUT';
