/**
 * POST /deployment/create: multipart with any number of BPMN files (any field names), all or
 * nothing: files with problems answer 400 with every diagnostic of every file and nothing is kept.
 * Answers Camunda's DeploymentWithDefinitions; with duplicate filtering and nothing changed, the
 * existing deployment (deployedProcessDefinitions null), as Camunda's DeployCmd.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { BatonError } from '@baton/engine';
import type { DeployDiagnostic, DeployOptions } from '../engine/definitions.ts';
import type { ApiContext } from './context.ts';
import { definitionDto, DeploymentSchema, deploymentDto, ProcessDefinitionSchema, selfLink } from './dto.ts';
import { HttpError, route } from './http.ts';
import { defineEndpoint, errorResponses, schema } from './schemas.ts';

const flag = { type: 'boolean', default: false } as const;

const create = defineEndpoint({
  method: 'post',
  path: '/deployment/create',
  summary: 'Deploy BPMN files (all or nothing)',
  contentType: 'multipart/form-data',
  bodyRequired: true,
  body: {
    type: 'object',
    properties: {
      data: { type: 'string', format: 'binary', description: 'BPMN files: any number, any field name' },
      'deployment-name': { type: 'string' },
      'deployment-source': { type: 'string' },
      'enable-duplicate-filtering': {
        ...flag,
        description:
          'Compare each file with the latest one of the same name in deployments with the same name ' +
          'and source: if none differs nothing is deployed and the latest such deployment is answered; ' +
          'if one differs, all files are deployed',
      },
      'deploy-changed-only': {
        ...flag,
        description: 'Duplicate filtering per file: only the files that differ are deployed',
      },
      'tenant-id': { type: 'string', description: 'Ignored: Baton has no tenants' },
    },
  },
  responses: {
    200: {
      description:
        'The deployment with the definitions it created (an existing deployment, with ' +
        'deployedProcessDefinitions null, when duplicate filtering left nothing to deploy)',
      schema: schema('DeploymentWithDefinitions', {
        ...DeploymentSchema,
        properties: {
          ...DeploymentSchema.properties,
          deployedProcessDefinitions: {
            type: 'object',
            nullable: true,
            additionalProperties: ProcessDefinitionSchema,
          },
        },
      }),
    },
    ...errorResponses(400),
  },
});

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 20 << 20, files: 100 } }).any();

/** multer, with every failure to read the form answered as a 400. */
function readForm(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data')) {
    next(new HttpError(400, 'POST /deployment/create expects multipart/form-data with the BPMN files'));
    return;
  }
  upload(req, res, (error: unknown) =>
    next(error ? new HttpError(400, `The form could not be read: ${(error as Error).message}`) : undefined),
  );
}

/** Every diagnostic as `{resource, elementId, elementType, message, severity, code, line?, column?}`. */
function diagnostics(error: BatonError, file?: string): Record<string, unknown>[] {
  if (Array.isArray(error.details)) {
    return (error.details as DeployDiagnostic[]).map((d) => {
      const out: Record<string, unknown> = {
        resource: d.resource ?? file ?? null,
        elementId: d.elementId,
        elementType: d.elementType,
        message: d.message,
        severity: d.severity,
        code: d.code,
      };
      if (d.line !== undefined) out.line = d.line;
      if (d.column !== undefined) out.column = d.column;
      return out;
    });
  }
  // A problem found while recording the deployment (a timer start that cannot be scheduled).
  const at = (error.details ?? {}) as { reason?: string; line?: number; column?: number };
  const out: Record<string, unknown> = {
    resource: file ?? null,
    elementId: file ?? 'definitions',
    elementType: 'bpmn:Definitions',
    message: error.message,
    severity: 'error',
    code: error.code === 'BPMN_PARSE' ? `xml.${at.reason ?? 'unreadable'}` : 'deployment.invalid',
  };
  if (at.line !== undefined) out.line = at.line;
  if (at.column !== undefined) out.column = at.column;
  return [out];
}

/** The create route. */
export function deploymentCreateRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post(
    create.path,
    readForm,
    create,
    route(async (req, res) => {
      const form = create.body(req);
      const files = ((req.files ?? []) as Express.Multer.File[]).map((f) => ({
        name: f.originalname || f.fieldname,
        xml: new Uint8Array(f.buffer),
      }));
      if (files.length === 0) throw new HttpError(400, 'The deployment needs at least one BPMN file');
      // Passed on as they are to DefinitionStore.deploy (a file that is not .bpmn/.xml is a diagnostic).
      const options: DeployOptions = {
        name: form['deployment-name'],
        source: form['deployment-source'],
        duplicateFiltering: form['enable-duplicate-filtering'] || form['deploy-changed-only'],
        deployChangedOnly: form['deploy-changed-only'],
      };
      let result;
      try {
        result = await ctx.engine.deploy(files, options);
      } catch (error) {
        if (!(error instanceof BatonError) || !['BPMN_PARSE', 'BPMN_INVALID'].includes(error.code))
          throw error;
        const file = files.find((f) => error.message.startsWith(`${f.name}:`))?.name;
        res.status(400).json({
          type: 'ParseException',
          message: error.message,
          code: error.code,
          details: diagnostics(error, file),
        });
        return;
      }
      const row = {
        id: result.id,
        name: result.name ?? null,
        source: result.source ?? null,
        deployed_at: result.deployedAt,
      };
      res.json({
        ...deploymentDto(row, selfLink(req, `/deployment/${result.id}`)),
        // Camunda answers an existing deployment without the definitions lists.
        deployedProcessDefinitions: result.existing
          ? null
          : Object.fromEntries(
              result.definitions.map((d) => [
                d.id,
                definitionDto({
                  id: d.id,
                  key: d.key,
                  version: d.version,
                  name: d.name ?? null,
                  version_tag: d.versionTag ?? null,
                  deployment_id: d.deploymentId,
                  resource_name: d.resourceName ?? null,
                }),
              ]),
            ),
        deployedCaseDefinitions: null,
        deployedDecisionDefinitions: null,
        deployedDecisionRequirementsDefinitions: null,
      });
    }),
  );

  return r;
}
