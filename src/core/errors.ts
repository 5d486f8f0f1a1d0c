/** Refusals the policies give: the actor may see the thing but not do that to it (403). */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
