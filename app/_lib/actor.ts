/**
 * Who the console records as `recorded_by`. Set on the server, never taken from
 * form input; sign-in (a later issue) will replace it with the staff member.
 */
export const CONSOLE_ACTOR = "staff:console";
