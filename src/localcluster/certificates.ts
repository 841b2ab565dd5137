import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of the PKI a local control plane needs, all under one directory. */
export interface Pki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  /** Client certificate in group system:masters: the cluster admin. */
  adminCert: string;
  adminKey: string;
  /** Key pair that signs and verifies service account tokens. */
  serviceAccountKey: string;
  serviceAccountPub: string;
}

const days = '3650';

/**
 * Generates a CA, the API server's serving certificate (for 127.0.0.1 and localhost) and an
 * admin client certificate with openssl. EC P-256 keys keep this to a few hundred ms.
 */
export async function generatePki(dir: string): Promise<Pki> {
  const p = (name: string) => join(dir, name);
  const pki: Pki = {
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    servingCert: p('apiserver.crt'),
    servingKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    serviceAccountKey: p('sa.key'),
    serviceAccountPub: p('sa.pub'),
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ecKey, '-keyout', pki.caKey, '-out', pki.caCert, '-days', days, '-subj', '/CN=stevedore-local-ca']);

  await writeFile(p('apiserver.ext'), [
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.0.0.1',
    'extendedKeyUsage=serverAuth',
    'keyUsage=digitalSignature,keyEncipherment',
  ].join('\n'));
  await signedCertificate(pki, pki.servingKey, pki.servingCert, '/CN=kube-apiserver', p('apiserver.ext'), p('apiserver.csr'));

  await writeFile(p('admin.ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  await signedCertificate(pki, pki.adminKey, pki.adminCert, '/O=system:masters/CN=stevedore-admin', p('admin.ext'), p('admin.csr'));

  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', pki.serviceAccountKey]);
  await run('openssl', ['ec', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;
}

async function signedCertificate(pki: Pki, key: string, cert: string, subject: string, extFile: string, csr: string): Promise<void> {
  await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', subject]);
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-CAcreateserial', '-out', cert, '-days', days, '-extfile', extFile]);
}
