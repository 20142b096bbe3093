//! HTTPS: a rustls configuration from PEM files, with errors that name the file and the problem.

use std::path::Path;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

fn read(kind: &str, var: &str, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {kind} {} ({var}): {e}", path.display()))
}

/// Builds the TLS configuration from a certificate chain and a private key in PEM files.
pub fn rustls_config(cert: &Path, key: &Path) -> Result<RustlsConfig, String> {
    let cert_pem = read("certificate", "CERT_PATH", cert)?;
    let key_pem = read("private key", "KEY_PATH", key)?;
    let certs = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("invalid certificate in {}: {e}", cert.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "no certificate found in {} (expected PEM)",
            cert.display()
        ));
    }
    let key_der = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|e| format!("invalid private key in {}: {e}", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key_der)
        .map_err(|e| {
            format!(
                "certificate {} and key {} cannot be used together: {e}",
                cert.display(),
                key.display()
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(RustlsConfig::from_config(Arc::new(config)))
}
