/** Errors the storage layer raises for callers to turn into a clear message or an HTTP status. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} with id "${id}"`);
    this.name = 'NotFoundError';
  }
}

export class StaleVersionError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `The ${entity} "${id}" was changed by someone else: you edited version ${expected}, it is now at version ${actual}. Reload it and apply your change again.`,
    );
    this.name = 'StaleVersionError';
  }
}

export class ValidationError extends Error {
  constructor(
    message: string,
    readonly details: { field?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A change that named no version: refused, so two people never overwrite each other unseen. */
export class MissingVersionError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly actual: number,
  ) {
    super(
      `version: say which version of the ${entity} "${id}" you are changing (it is now at version ${actual})`,
    );
    this.name = 'MissingVersionError';
  }
}
