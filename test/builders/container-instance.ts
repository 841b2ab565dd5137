// aContainerInstance('i1').zone('us-east-1a').cpu(2048).memory(7680).build()
import type { ContainerInstanceStatus, ContainerInstanceView } from '../../src/domain/container-instance.ts';
import { DEFAULT_LINUX_RESERVED_TCP_PORTS } from '../../src/domain/resources.ts';

export class ContainerInstanceBuilder {
  private view: ContainerInstanceView;

  constructor(id: string) {
    this.view = {
      id,
      status: 'ACTIVE',
      agentConnected: true,
      agentVersion: '1.80.0',
      registeredAt: '2026-01-01T00:00:00Z',
      attributes: { 'ecs.availability-zone': 'us-east-1a', 'ecs.instance-type': 'm5.large' },
      registeredResources: { cpu: 2048, memory: 7680, tcpPorts: DEFAULT_LINUX_RESERVED_TCP_PORTS, udpPorts: [] },
    };
  }

  zone(zone: string): this {
    return this.attr('ecs.availability-zone', zone);
  }

  attr(name: string, value: string): this {
    this.view = { ...this.view, attributes: { ...this.view.attributes, [name]: value } };
    return this;
  }

  withoutAttr(name: string): this {
    const attributes = { ...this.view.attributes };
    delete attributes[name];
    this.view = { ...this.view, attributes };
    return this;
  }

  cpu(units: number): this {
    this.view = { ...this.view, registeredResources: { ...this.view.registeredResources, cpu: units } };
    return this;
  }

  memory(mib: number): this {
    this.view = { ...this.view, registeredResources: { ...this.view.registeredResources, memory: mib } };
    return this;
  }

  tcpPorts(...ports: number[]): this {
    this.view = { ...this.view, registeredResources: { ...this.view.registeredResources, tcpPorts: ports } };
    return this;
  }

  udpPorts(...ports: number[]): this {
    this.view = { ...this.view, registeredResources: { ...this.view.registeredResources, udpPorts: ports } };
    return this;
  }

  gpus(...ids: string[]): this {
    this.view = { ...this.view, registeredResources: { ...this.view.registeredResources, gpuIds: ids } };
    return this;
  }

  taskEniSlots(slots: number): this {
    this.view = { ...this.view, registeredResources: { ...this.view.registeredResources, taskEniSlots: slots } };
    return this;
  }

  status(status: ContainerInstanceStatus): this {
    this.view = { ...this.view, status };
    return this;
  }

  draining(): this {
    return this.status('DRAINING');
  }

  disconnected(): this {
    this.view = { ...this.view, agentConnected: false };
    return this;
  }

  agentVersion(version: string): this {
    this.view = { ...this.view, agentVersion: version };
    return this;
  }

  registeredAt(iso: string): this {
    this.view = { ...this.view, registeredAt: iso };
    return this;
  }

  ec2InstanceId(id: string): this {
    this.view = { ...this.view, ec2InstanceId: id };
    return this;
  }

  capacityProvider(name: string): this {
    this.view = { ...this.view, capacityProviderName: name };
    return this;
  }

  build(): ContainerInstanceView {
    return Object.freeze(this.view);
  }
}

export function aContainerInstance(id: string): ContainerInstanceBuilder {
  return new ContainerInstanceBuilder(id);
}

/** ECS-SEMANTICS 9, fixture F3: three m5.large, one per zone a, b, c. */
export function f3(): ContainerInstanceView[] {
  return [
    aContainerInstance('i1').zone('us-east-1a').build(),
    aContainerInstance('i2').zone('us-east-1b').build(),
    aContainerInstance('i3').zone('us-east-1c').build(),
  ];
}
