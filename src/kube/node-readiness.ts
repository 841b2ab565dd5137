// A Node is Ready when its kubelet says so: in ECS terms, its agent is connected.

/** The part of a Node (typed or cached) that readiness reads. */
export interface NodeConditions {
  status?: { conditions?: ReadonlyArray<{ type: string; status: string }> };
}

export function isNodeReady(node: NodeConditions): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
