import type { AppDeps } from '../app-deps.ts';
import type { AnyRouteSpec } from '../define-route.ts';
import { accessRoutes } from './access-routes.ts';
import { assetRoutes } from './asset-routes.ts';
import { cutRoutes } from './cut-routes.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { projectRoutes } from './project-routes.ts';
import { publicationRoutes } from './publication-routes.ts';
import { reviewRoutes } from './review-routes.ts';
import { uploadRoutes } from './upload-routes.ts';

/** Every JSON API route, with its declared access: the guard, `/openapi.json` and the authorisation test read this list. */
export function createApiRoutes({ deps }: { deps: AppDeps }): AnyRouteSpec[] {
  return [
    ...accessRoutes({ deps }),
    ...projectRoutes({ deps }),
    ...uploadRoutes({ deps }),
    ...assetRoutes({ deps }),
    ...cutRoutes({ deps }),
    ...reviewRoutes({ deps }),
    ...deliveryRoutes({ deps }),
    ...publicationRoutes({ deps }),
  ] as AnyRouteSpec[];
}
