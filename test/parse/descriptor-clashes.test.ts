import { describe, expect, it } from 'vitest';
import {
  demotedAttributeNames,
  findPropertyClashes,
  withoutClashingProperties,
} from '../../engine/src/compile/parse/descriptor-clashes.ts';
import { bpmnPackage, camundaPackage, zeebePackage } from '../../engine/src/compile/parse/descriptors.ts';
import { createBpmnModdle, moddleReader } from '../../engine/src/compile/parse/moddle-instances.ts';

describe('camunda/zeebe descriptor clash', () => {
  it('breaks a moddle instance loading both descriptors unchanged', () => {
    // given
    const moddle = createBpmnModdle({
      camunda: structuredClone(camundaPackage),
      zeebe: structuredClone(zeebePackage),
    });

    // when / then
    expect(() => moddle.getType('bpmn:ServiceTask')).toThrow(/property <modelerTemplate> already defined/);
  });

  it('is found from the descriptors: modelerTemplate and modelerTemplateVersion of TemplateSupported', () => {
    // when
    const clashes = findPropertyClashes(bpmnPackage, [camundaPackage, zeebePackage]);

    // then
    const kinds = new Set(clashes.map((c) => `${c.property} ${c.definedBy.join(' ')}`));
    expect([...kinds].sort()).toEqual([
      'modelerTemplate camunda:TemplateSupported zeebe:TemplateSupported',
      'modelerTemplateVersion camunda:TemplateSupported zeebe:TemplateSupported',
    ]);
    expect(clashes.map((c) => c.bpmnType)).toEqual(
      expect.arrayContaining(['bpmn:Process', 'bpmn:ServiceTask']),
    );
    // bpmn:Message is not a FlowElement: only zeebe adds modelerTemplate there
    expect(clashes.map((c) => c.bpmnType)).not.toContain('bpmn:Message');
  });

  it('does not exist within one extension package', () => {
    // when / then
    expect(findPropertyClashes(bpmnPackage, [camundaPackage])).toEqual([]);
    expect(findPropertyClashes(bpmnPackage, [zeebePackage])).toEqual([]);
  });

  it('is removed from copies, leaving the published descriptors untouched', () => {
    // given
    const clashes = findPropertyClashes(bpmnPackage, [camundaPackage, zeebePackage]);
    const original = JSON.stringify(zeebePackage);

    // when
    const zeebe = withoutClashingProperties(zeebePackage, clashes);

    // then
    const templateSupported = zeebe.types.find((t) => t.name === 'TemplateSupported');
    expect(templateSupported?.properties?.map((p) => p.name)).toEqual(['modelerTemplateIcon']);
    expect(JSON.stringify(zeebePackage)).toBe(original);
    expect(demotedAttributeNames(zeebePackage, clashes).sort()).toEqual([
      'zeebe:modelerTemplate',
      'zeebe:modelerTemplateVersion',
    ]);
  });

  it.each(['camunda7', 'camunda8', 'combined'] as const)(
    'lets the %s reader build every BPMN type',
    (set) => {
      // given
      const { moddle } = moddleReader(set);

      // when
      const failures = bpmnPackage.types.flatMap((type) => {
        try {
          moddle.getType(`bpmn:${type.name}`);
          return [];
        } catch (error) {
          return [`${type.name}: ${(error as Error).message}`];
        }
      });

      // then
      expect(failures).toEqual([]);
    },
  );
});
