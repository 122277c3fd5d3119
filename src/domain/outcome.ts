/** The result of anything that can be refused with a message the user should read. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
