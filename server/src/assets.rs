//! The browser's files under `/pkg`: served from the files cargo-leptos compressed at build time
//! (`--precompress`: `.br` and `.gz` beside each file), kept by browsers for a year when their
//! names carry the content hash (`hash-files`), and listed for the service worker so that its
//! offline copy follows each release.
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use leptos::config::LeptosOptions;
use tower_http::services::ServeDir;

/// Hashed names change with every build, so a browser never needs to ask again.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// Names without a hash (development builds) are revalidated on every use.
const REVALIDATE: &str = "no-cache";

/// The hash file cargo-leptos writes beside the server binary, if there is one.
pub fn default_hash_file() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join("hash.txt"))
}

/// Switches Leptos' hashed names on when `hash_file` exists. Leptos joins `hash_file` to the
/// binary's directory, which keeps an absolute path as it is.
pub fn with_hash_file(mut options: LeptosOptions, hash_file: Option<&Path>) -> LeptosOptions {
    match hash_file.filter(|f| f.is_file()) {
        Some(file) => {
            options.hash_files = true;
            options.hash_file = file.to_string_lossy().into();
        }
        None => options.hash_files = false,
    }
    options
}

/// The app's own files as the pages reference them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// `/pkg/campgrid.<hash>.js`, `.wasm`, `.css` (without the hash in development).
    pub urls: Vec<String>,
    /// Whether the names carry content hashes, so that a name never changes its content.
    pub hashed: bool,
}

impl Assets {
    pub fn of(options: &LeptosOptions) -> Result<Self, String> {
        let hashes = if options.hash_files {
            let path = Path::new(options.hash_file.as_ref());
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read hash file {}: {e}", path.display()))?;
            Some(text)
        } else {
            None
        };
        Ok(Self::named(
            &options.output_name,
            &options.site_pkg_dir,
            hashes.as_deref(),
        ))
    }

    /// Parses cargo-leptos' hash file (`js: <hash>` per line); Leptos reads it the same way
    /// inside its components but offers no function for it, hence this one.
    fn named(output: &str, pkg: &str, hashes: Option<&str>) -> Self {
        let hash_of = |ext: &str| {
            hashes?.lines().find_map(|line| {
                let (file, hash) = line.split_once(':')?;
                (file.trim() == ext).then(|| hash.trim().to_string())
            })
        };
        let urls = ["js", "wasm", "css"]
            .iter()
            .map(|ext| match hash_of(ext) {
                Some(hash) => format!("/{pkg}/{output}.{hash}.{ext}"),
                None => format!("/{pkg}/{output}.{ext}"),
            })
            .collect();
        Self {
            urls,
            hashed: hashes.is_some(),
        }
    }

    /// The service worker: the shared script after this release's file list, so that the
    /// worker's bytes, and with them its cache, change with every release.
    pub fn service_worker(&self) -> String {
        let urls = serde_json::to_string(&self.urls).unwrap_or_else(|_| "[]".into());
        format!(
            "const ASSETS = {urls};\nconst HASHED = {};\n{}",
            self.hashed,
            include_str!("sw.js")
        )
    }
}

/// `/pkg/*` from the site directory, precompressed where the browser accepts it.
pub fn routes<S: Clone + Send + Sync + 'static>(
    options: &LeptosOptions,
    assets: &Assets,
) -> Router<S> {
    let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let policy = HeaderValue::from_static(if assets.hashed { FOREVER } else { REVALIDATE });
    // A missing file is ServeDir's plain 404, never the app's page.
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), files)
        .layer(axum::middleware::map_response(move |mut res: Response| {
            let policy = policy.clone();
            async move {
                if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
                    res.headers_mut().insert(header::CACHE_CONTROL, policy);
                }
                res
            }
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_hash_file() {
        let hashed = Assets::named("campgrid", "pkg", Some("js: AbC\nwasm: d-E\ncss: f_G\n"));
        assert_eq!(
            hashed.urls,
            [
                "/pkg/campgrid.AbC.js",
                "/pkg/campgrid.d-E.wasm",
                "/pkg/campgrid.f_G.css"
            ]
        );
        assert!(hashed.hashed);
        let plain = Assets::named("campgrid", "pkg", None);
        assert_eq!(plain.urls[1], "/pkg/campgrid.wasm");
        assert!(!plain.hashed);
    }

    #[test]
    fn every_release_has_its_own_worker() {
        let a = Assets::named("campgrid", "pkg", Some("js: a\nwasm: a\ncss: a\n"));
        let b = Assets::named("campgrid", "pkg", Some("js: b\nwasm: b\ncss: a\n"));
        assert_ne!(a.service_worker(), b.service_worker());
        assert!(a.service_worker().contains("\"/pkg/campgrid.a.wasm\""));
    }
}
