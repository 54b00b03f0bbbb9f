/**
 * POST /deployment/create: multipart with any number of BPMN files (any field names), all or
 * nothing: a file with problems answers 400 with every diagnostic and nothing is kept. Answers
 * Camunda's DeploymentWithDefinitions.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { BatonError, type Diagnostic } from '@baton/engine';
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
      'enable-duplicate-filtering': { ...flag, description: 'Unchanged processes keep their version' },
      'deploy-changed-only': { ...flag, description: 'Same as enable-duplicate-filtering' },
      'tenant-id': { type: 'string', description: 'Ignored: Baton has no tenants' },
    },
  },
  responses: {
    200: {
      description: 'The deployment with the definitions it created',
      schema: schema('DeploymentWithDefinitions', {
        ...DeploymentSchema,
        properties: {
          ...DeploymentSchema.properties,
          deployedProcessDefinitions: { type: 'object', additionalProperties: ProcessDefinitionSchema },
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

/** Every diagnostic as `{elementId, elementType, message, severity, code, line?, column?}`. */
function diagnostics(error: BatonError, file?: string): Record<string, unknown>[] {
  if (Array.isArray(error.details)) {
    return (error.details as Diagnostic[]).map((d) => {
      const out: Record<string, unknown> = {
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
  // Not well-formed XML (BPMN_PARSE with a position), or a problem found while recording it.
  const at = (error.details ?? {}) as { reason?: string; line?: number; column?: number };
  const out: Record<string, unknown> = {
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
      const other = files.find((f) => !/\.(bpmn|xml)$/i.test(f.name));
      if (other)
        throw new HttpError(
          400,
          `Resource '${other.name}' is not BPMN: only .bpmn and .xml files can be deployed`,
        );
      let result;
      try {
        result = await ctx.engine.deploy(files, {
          name: form['deployment-name'],
          source: form['deployment-source'],
          duplicateFiltering: form['enable-duplicate-filtering'] || form['deploy-changed-only'],
        });
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
        deployedProcessDefinitions: Object.fromEntries(
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
