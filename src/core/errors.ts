/** An error whose message is meant for the person who sent the command; nothing was changed. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export class PermissionError extends UserError {}
