/**
 * Every API route is declared here with the roles that may call it, so that the access table IS the
 * router: a route cannot exist without its roles, and the table-driven test walks the same list.
 * A route that is not public needs `Authorization: Bearer <token>` (401 without a valid one) and one
 * of its roles (403 otherwise). Another method on a known path gets 405 with `Allow`.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { match } from 'path-to-regexp';
import type { Store, User, UserRole } from '../store/types.js';
import { USER_ROLES } from '../store/types.js';
import { AppError } from '../errors.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface RouteEntry {
  method: Method;
  /** Express path under /api, e.g. "/lessons/:id". */
  path: string;
  /** Who may call it; 'public' needs no token. */
  roles: readonly UserRole[] | 'public';
}

export const EVERYONE: readonly UserRole[] = USER_ROLES;

type Handler = (request: Request, response: Response) => unknown;

/** The signed-in user of a request (set by the bearer check). */
export function userOf(response: Response): User {
  const user = (response.locals as { user?: User }).user;
  if (!user) throw new AppError('UNAUTHORIZED');
  return user;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(request: Request): string | undefined {
  const header = request.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/iu.exec(header);
  return match?.[1];
}

export class ApiBuilder {
  readonly router = Router();
  readonly routes: RouteEntry[] = [];
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  private guard(roles: readonly UserRole[] | 'public'): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      if (roles === 'public') {
        next();
        return;
      }
      const token = bearerToken(request);
      if (!token) {
        next(new AppError('UNAUTHORIZED'));
        return;
      }
      this.store
        .authenticate(token)
        .then((user) => {
          if (!user) throw new AppError('UNAUTHORIZED', 'mã truy cập không hợp lệ hoặc đã bị thu hồi');
          (response.locals as { user?: User }).user = user;
          if (!roles.includes(user.role)) throw new AppError('FORBIDDEN', `vai trò "${user.role}" không được dùng chức năng này`);
          next();
        })
        .catch(next);
    };
  }

  private add(method: Method, path: string, roles: readonly UserRole[] | 'public', handlers: RequestHandler[], handler: Handler): void {
    this.routes.push({ method, path, roles });
    const run: RequestHandler = (request, response, next) => {
      Promise.resolve(handler(request, response)).catch(next);
    };
    this.router[method](path, this.guard(roles), ...handlers, run);
  }

  get(path: string, roles: readonly UserRole[] | 'public', handler: Handler, ...before: RequestHandler[]): void {
    this.add('get', path, roles, before, handler);
  }

  post(path: string, roles: readonly UserRole[] | 'public', handler: Handler, ...before: RequestHandler[]): void {
    this.add('post', path, roles, before, handler);
  }

  patch(path: string, roles: readonly UserRole[] | 'public', handler: Handler, ...before: RequestHandler[]): void {
    this.add('patch', path, roles, before, handler);
  }

  delete(path: string, roles: readonly UserRole[] | 'public', handler: Handler, ...before: RequestHandler[]): void {
    this.add('delete', path, roles, before, handler);
  }

  /**
   * 405 for a known path asked with another method; call after every route. `Allow` names the methods of
   * every route that matches the path asked, not only those of the pattern that caught it: /documents/uploads
   * (POST) is also a /documents/:id (GET).
   */
  closeMethods(): void {
    const matchers = this.routes.map((route) => ({ route, matches: match(route.path, { decode: false }) }));
    const allowedFor = (requestPath: string): string[] => {
      const allowed = new Set<string>();
      for (const { route, matches } of matchers) {
        if (!matches(requestPath)) continue;
        allowed.add(route.method.toUpperCase());
        if (route.method === 'get') allowed.add('HEAD');
      }
      return [...allowed];
    };
    for (const path of new Set(this.routes.map((route) => route.path))) {
      this.router.all(path, (request: Request, response: Response, next: NextFunction) => {
        const allowed = allowedFor(request.path);
        response.set('Allow', allowed.join(', '));
        next(new AppError('METHOD_NOT_ALLOWED', `dùng ${allowed.join(', ')}`));
      });
    }
  }
}
