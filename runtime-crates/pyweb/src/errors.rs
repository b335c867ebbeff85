//! The HTTP errors `abort()` raises, with the names and descriptions Werkzeug renders.

/// The errors `abort(code)` knows: (code, name, description), as Werkzeug renders them (HTML-escaped).
pub const ERRORS: &[(u16, &str, &str)] = &[
    (400, "Bad Request", "The browser (or proxy) sent a request that this server could not understand."),
    (401, "Unauthorized", "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn&#39;t understand how to supply the credentials required."),
    (403, "Forbidden", "You don&#39;t have the permission to access the requested resource. It is either read-protected or not readable by the server."),
    (404, "Not Found", "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."),
    (405, "Method Not Allowed", "The method is not allowed for the requested URL."),
    (406, "Not Acceptable", "The resource identified by the request is only capable of generating response entities which have content characteristics not acceptable according to the accept headers sent in the request."),
    (408, "Request Timeout", "The server closed the network connection because the browser didn&#39;t finish the request within the specified time."),
    (409, "Conflict", "A conflict happened while processing the request. The resource might have been modified while the request was being processed."),
    (410, "Gone", "The requested URL is no longer available on this server and there is no forwarding address. If you followed a link from a foreign page, please contact the author of this page."),
    (411, "Length Required", "A request with this method requires a valid &lt;code&gt;Content-Length&lt;/code&gt; header."),
    (412, "Precondition Failed", "The precondition on the request for the URL failed positive evaluation."),
    (413, "Request Entity Too Large", "The data value transmitted exceeds the capacity limit."),
    (414, "Request URI Too Long", "The length of the requested URL exceeds the capacity limit for this server. The request cannot be processed."),
    (415, "Unsupported Media Type", "The server does not support the media type transmitted in the request."),
    (416, "Requested Range Not Satisfiable", "The server cannot provide the requested range."),
    (417, "Expectation Failed", "The server could not meet the requirements of the Expect header"),
    (422, "Unprocessable Entity", "The request was well-formed but was unable to be followed due to semantic errors."),
    (423, "Locked", "The resource that is being accessed is locked."),
    (428, "Precondition Required", "This request is required to be conditional; try using &#34;If-Match&#34; or &#34;If-Unmodified-Since&#34;."),
    (429, "Too Many Requests", "This user has exceeded an allotted request count. Try again later."),
    (431, "Request Header Fields Too Large", "One or more header fields exceeds the maximum size."),
    (451, "Unavailable For Legal Reasons", "Unavailable for legal reasons."),
    (500, "Internal Server Error", "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application."),
    (501, "Not Implemented", "The server does not support the action requested by the browser."),
    (502, "Bad Gateway", "The proxy server received an invalid response from an upstream server."),
    (503, "Service Unavailable", "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later."),
    (504, "Gateway Timeout", "The connection to an upstream server timed out."),
    (505, "HTTP Version Not Supported", "The server does not support the HTTP protocol version used in the request."),
];

/// Name and description of an HTTP error code `abort` supports.
pub fn lookup(code: u16) -> Option<(&'static str, &'static str)> {
    ERRORS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|&(_, name, desc)| (name, desc))
}

/// The HTML page Werkzeug's `HTTPException.get_body()` renders for an error code.
pub fn body(code: u16) -> String {
    let (name, desc) =
        lookup(code).unwrap_or(("Internal Server Error", lookup(500).map_or("", |e| e.1)));
    format!("<!doctype html>\n<html lang=en>\n<title>{code} {name}</title>\n<h1>{name}</h1>\n<p>{desc}</p>\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn not_found_page() {
        assert!(super::body(404).contains("<title>404 Not Found</title>\n<h1>Not Found</h1>\n"));
    }
}
