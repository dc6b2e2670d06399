// Domain errors and the one place that maps them to HTTP statuses.

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export class ValidationError extends AppError {
  constructor(message: string, code = "invalid-request") {
    super(code, message, 400);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not-found", `${what} was not found`, 404);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 409);
  }
}

export class UnauthorizedError extends AppError {
  constructor() {
    super("unauthorized", "this action needs Authorization: Bearer <ARCHGRID_ADMIN_TOKEN>", 401);
  }
}
