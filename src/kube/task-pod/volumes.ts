// volumes, mountPoints and volumesFrom (ECS-SEMANTICS 1.7), plus the in-memory mounts of
// linuxParameters (sharedMemorySize, tmpfs).
//   host.sourcePath                      -> hostPath (gated by allowHostPath, checked before)
//   host without sourcePath, no config   -> emptyDir (Docker's anonymous volume: lives with the task)
//   dockerVolumeConfiguration scope task -> emptyDir
//   scope shared, EFS, FSx, configuredAtLaunch -> a PersistentVolumeClaim named after the volume:
//     the data outlives the task, so an emptyDir would silently lose it; a missing claim
//     keeps the Pod pending with a clear event instead.
import type { V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { Volume } from '../../api/v1alpha1/volume.ts';
import { toDnsLabel, UniqueNames } from './names.ts';
import { containerField, refuse, type ContainerDefinition, type PodWarning, type TaskDefinition, type TaskPodRefusal } from './types.ts';

export interface PodVolumes {
  volumes: V1Volume[];
  /** Mounts by ECS container name. */
  mounts: ReadonlyMap<string, V1VolumeMount[]>;
}

export type PodVolumesResult = { ok: true; value: PodVolumes } | TaskPodRefusal;

/** The claim a persistent volume binds to: the volume's name made a valid object name (lowercase, '_' as '-'). */
export function toClaimName(volumeName: string): string {
  return toDnsLabel(volumeName) || 'volume';
}

export function planVolumes(td: TaskDefinition, podNames: ReadonlyMap<string, string>, warnings: PodWarning[]): PodVolumesResult {
  const names = new UniqueNames();
  const volumeNames = new Map<string, string>();
  const volumes: V1Volume[] = [];
  (td.volumes ?? []).forEach((v, index) => {
    const name = names.claim(v.name, `volume-${index}`);
    volumeNames.set(v.name, name);
    volumes.push({ name, ...toVolumeSource(v, warnings) });
  });

  const byName = new Map(td.containerDefinitions.map((c) => [c.name, c]));
  const mounts = new Map<string, V1VolumeMount[]>();
  for (const c of td.containerDefinitions) {
    const unknown = (c.mountPoints ?? []).find((m) => m.sourceVolume !== undefined && !volumeNames.has(m.sourceVolume));
    if (unknown !== undefined) {
      return refuse('UnknownVolume', `Container '${c.name}' mounts volume '${unknown.sourceVolume}', which is not a volume of the task definition.`);
    }
    const own = ownMounts(c, volumeNames, warnings);
    const inherited = inheritedMounts(c, byName, volumeNames, warnings);
    const inMemory = inMemoryMounts(c, podNames.get(c.name) ?? c.name, names, warnings);
    volumes.push(...inMemory.volumes);
    mounts.set(c.name, uniqueByPath(c, [...own, ...inMemory.mounts, ...inherited], warnings));
  }
  return { ok: true, value: { volumes, mounts } };
}

function toVolumeSource(v: Volume, warnings: PodWarning[]): Omit<V1Volume, 'name'> {
  const field = `volumes[${v.name}]`;
  if (v.host?.sourcePath !== undefined) return { hostPath: { path: v.host.sourcePath } };
  const claim = (what: string): Omit<V1Volume, 'name'> => {
    const claimName = toClaimName(v.name);
    warnings.push({ field, message: `${what} is mounted from the PersistentVolumeClaim '${claimName}', which must exist in the Task's namespace; Stevedore does not create it.` });
    return { persistentVolumeClaim: { claimName } };
  };
  if (v.efsVolumeConfiguration !== undefined) {
    return claim(`EFS file system ${v.efsVolumeConfiguration.fileSystemId} (bind it with the EFS CSI driver; the EFS options are not applied)`);
  }
  if (v.fsxWindowsFileServerVolumeConfiguration !== undefined) return claim('The FSx for Windows File Server volume');
  if (v.configuredAtLaunch === true) return claim('A volume configured at launch');
  const docker = v.dockerVolumeConfiguration;
  if (docker === undefined) return { emptyDir: {} };
  const driver = docker.driver ?? 'local';
  if (driver !== 'local' || docker.driverOpts !== undefined || docker.labels !== undefined) {
    warnings.push({ field, message: `Docker volume driver '${driver}', its options and labels are not applied.` });
  }
  if (docker.scope === 'shared') {
    if (docker.autoprovision === true) warnings.push({ field, message: 'autoprovision is not applied.' });
    return claim('The shared Docker volume');
  }
  return { emptyDir: {} };
}

function ownMounts(c: ContainerDefinition, volumeNames: ReadonlyMap<string, string>, warnings: PodWarning[]): V1VolumeMount[] {
  return (c.mountPoints ?? []).flatMap((m) => {
    const name = m.sourceVolume === undefined ? undefined : volumeNames.get(m.sourceVolume);
    if (name === undefined || m.containerPath === undefined) {
      warnings.push({ field: containerField(c, 'mountPoints'), message: 'A mount point without sourceVolume or containerPath is ignored.' });
      return [];
    }
    return [{ name, mountPath: m.containerPath, ...(m.readOnly === true ? { readOnly: true } : {}) }];
  });
}

/** volumesFrom: the source container's volume mounts (its own and what it inherits), read-only if either side says so. */
function inheritedMounts(
  c: ContainerDefinition,
  byName: ReadonlyMap<string, ContainerDefinition>,
  volumeNames: ReadonlyMap<string, string>,
  warnings: PodWarning[],
  visiting: ReadonlySet<string> = new Set([c.name]),
): V1VolumeMount[] {
  return (c.volumesFrom ?? []).flatMap((from) => {
    const source = from.sourceContainer === undefined ? undefined : byName.get(from.sourceContainer);
    if (source === undefined) {
      warnings.push({ field: containerField(c, 'volumesFrom'), message: `Source container '${from.sourceContainer ?? ''}' is not a container of the task definition; ignored.` });
      return [];
    }
    if (visiting.has(source.name)) return [];
    const quiet: PodWarning[] = []; // the source's own problems are reported for the source
    const mounts = [...ownMounts(source, volumeNames, quiet), ...inheritedMounts(source, byName, volumeNames, quiet, new Set([...visiting, source.name]))];
    return mounts.map((m) => (from.readOnly === true ? { ...m, readOnly: true } : m));
  });
}

/** sharedMemorySize and tmpfs are memory-backed emptyDirs (they count against the container's memory, as tmpfs does). */
function inMemoryMounts(c: ContainerDefinition, podName: string, names: UniqueNames, warnings: PodWarning[]): { volumes: V1Volume[]; mounts: V1VolumeMount[] } {
  const volumes: V1Volume[] = [];
  const mounts: V1VolumeMount[] = [];
  const shm = c.linuxParameters?.sharedMemorySize;
  if (shm !== undefined) {
    const name = names.claim(`${podName}-shm`, 'shm');
    volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: `${shm}Mi` } });
    mounts.push({ name, mountPath: '/dev/shm' });
  }
  for (const t of c.linuxParameters?.tmpfs ?? []) {
    const name = names.claim(`${podName}-tmpfs`, 'tmpfs');
    volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: `${t.size}Mi` } });
    mounts.push({ name, mountPath: t.containerPath });
    if ((t.mountOptions ?? []).length > 0) {
      warnings.push({ field: containerField(c, 'linuxParameters.tmpfs'), message: `Mount options ${(t.mountOptions ?? []).join(',')} of tmpfs ${t.containerPath} are not applied.` });
    }
  }
  return { volumes, mounts };
}

/** Kubernetes rejects two mounts at one path: the first wins (own mount points, then in-memory, then volumesFrom). */
function uniqueByPath(c: ContainerDefinition, mounts: V1VolumeMount[], warnings: PodWarning[]): V1VolumeMount[] {
  const seen = new Set<string>();
  return mounts.filter((m) => {
    if (!seen.has(m.mountPath)) {
      seen.add(m.mountPath);
      return true;
    }
    warnings.push({ field: containerField(c, 'mountPoints'), message: `Two volumes are mounted at ${m.mountPath}; only the first is kept.` });
    return false;
  });
}
