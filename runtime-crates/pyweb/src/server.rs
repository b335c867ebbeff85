//! The server: axum on a multi-threaded tokio runtime, one fallback handler doing Werkzeug's routing.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::IntoResponse;

use crate::json::Json;
use crate::routing::{Match, Router, Rule};

/// What a view sees of its request: the matched rule, the raw text of each converter's part, the query.
#[derive(Debug)]
pub struct Request {
    route: usize,
    parts: Vec<String>,
    query: String,
    method: String,
}

impl Request {
    /// Index of the matched rule, in the order the routes were declared.
    pub fn route(&self) -> i64 {
        self.route as i64
    }

    /// The text of the `i`-th converter's part, percent-decoded.
    pub fn part(&self, i: i64) -> String {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.parts.get(i))
            .cloned()
            .unwrap_or_default()
    }

    /// `request.args` with the first value of each key (what `.get` returns).
    pub fn args(&self) -> pyrt::Dict<String, String> {
        crate::query::parse_args(&self.query)
    }

    /// `request.method`.
    pub fn method(&self) -> String {
        self.method.clone()
    }
}

/// What a view returned, rendered as Flask renders it.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    status: u16,
    content_type: &'static str,
    body: String,
    allow: Option<String>,
    location: Option<String>,
}

const HTML: &str = "text/html; charset=utf-8";

fn status_code(status: i64) -> u16 {
    u16::try_from(status)
        .ok()
        .filter(|s| (100..=999).contains(s))
        .unwrap_or(500)
}

impl Response {
    /// A view returned a `str` (with an optional status).
    pub fn text(body: &str, status: i64) -> Response {
        Response {
            status: status_code(status),
            content_type: HTML,
            body: body.to_string(),
            allow: None,
            location: None,
        }
    }

    /// A view returned a dict or a list, or `jsonify(...)`: Flask's compact sorted ASCII JSON and a newline.
    pub fn json(value: Json, status: i64) -> Response {
        let mut body = value.dumps();
        body.push('\n');
        Response {
            status: status_code(status),
            content_type: "application/json",
            body,
            allow: None,
            location: None,
        }
    }

    /// `abort(code)`: Werkzeug's HTML error page.
    pub fn abort(code: i64) -> Response {
        let code = status_code(code);
        let code = if crate::errors::lookup(code).is_some() {
            code
        } else {
            500
        };
        Response {
            status: code,
            content_type: HTML,
            body: crate::errors::body(code),
            allow: None,
            location: None,
        }
    }

    /// Werkzeug's redirect to the same URL with repeated slashes merged (308 Permanent Redirect).
    fn merge_slashes_redirect(location: &str) -> Response {
        let url = html_escape(location);
        let body = format!(
            "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should \
             be redirected automatically to the target URL: <a href=\"{url}\">{url}</a>. If not, click the link.\n"
        );
        Response {
            status: 308,
            content_type: HTML,
            body,
            allow: None,
            location: Some(location.to_string()),
        }
    }

    fn allow(mut self, methods: &[String]) -> Response {
        self.allow = Some(methods.join(", "));
        self
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body text.
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl IntoResponse for Response {
    fn into_response(self) -> axum::response::Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (
            status,
            [(header::CONTENT_TYPE, self.content_type)],
            self.body,
        )
            .into_response();
        if let Some(allow) = self.allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
            resp.headers_mut().insert(header::ALLOW, allow);
        }
        if let Some(location) = self.location.and_then(|a| HeaderValue::from_str(&a).ok()) {
            resp.headers_mut().insert(header::LOCATION, location);
        }
        resp
    }
}

type Dispatch = dyn Fn(&Request) -> Response + Send + Sync;

struct App {
    router: Router,
    dispatch: Box<Dispatch>,
}

/// `app.run(host=host, port=port)`: serve the rules until the process is killed; `dispatch` calls the view
/// of `request.route()`.
pub fn serve<F>(host: &str, port: i64, rules: Vec<Rule>, dispatch: F)
where
    F: Fn(&Request) -> Response + Send + Sync + 'static,
{
    let app = Arc::new(App {
        router: Router::new(rules),
        dispatch: Box::new(dispatch),
    });
    let Ok(port) = u16::try_from(port) else {
        pyrt::exc::raise("OverflowError", "bind(): port must be 0-65535.");
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => pyrt::exc::raise("OSError", e.to_string()),
    };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((host, port)).await?;
        let router = axum::Router::new().fallback(handle).with_state(app);
        axum::serve(listener, router).await
    });
    if let Err(e) = result {
        pyrt::exc::raise("OSError", e.to_string());
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

fn merge_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        if !(ch == '/' && out.ends_with('/')) {
            out.push(ch);
        }
    }
    out
}

async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = crate::query::unquote(uri.path());
    let method = method.as_str().to_string();
    let mut found = app.router.find(&path, &method);
    if !matches!(found, Match::Found(..)) && path.contains("//") {
        // Werkzeug retries with repeated slashes merged and redirects there when that matches
        match app.router.find(&merge_slashes(&path), &method) {
            Match::Found(..) => {
                let host = headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("localhost");
                let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                let location = format!("http://{host}{}{query}", merge_slashes(uri.path()));
                return Response::merge_slashes_redirect(&location);
            }
            Match::MethodNotAllowed(mut more) => {
                if let Match::MethodNotAllowed(first) = &found {
                    more.extend(first.iter().cloned());
                    more.sort();
                    more.dedup();
                }
                found = Match::MethodNotAllowed(more);
            }
            Match::NotFound => {}
        }
    }
    match found {
        Match::Found(route, parts) => {
            if method == "OPTIONS" {
                return Response::text("", 200).allow(&app.router.allowed(&path));
            }
            let req = Request {
                route,
                parts,
                query: uri.query().unwrap_or("").to_string(),
                method,
            };
            match catch_unwind(AssertUnwindSafe(|| (app.dispatch)(&req))) {
                Ok(resp) => resp,
                Err(payload) => {
                    match payload.downcast_ref::<pyrt::exc::PyErr>() {
                        Some(e) => eprintln!("Exception on {path} [{}]: {e}", req.method),
                        None => eprintln!("Exception on {path} [{}]", req.method),
                    }
                    Response::abort(500)
                }
            }
        }
        Match::MethodNotAllowed(allowed) => Response::abort(405).allow(&allowed),
        Match::NotFound => Response::abort(404),
    }
}
