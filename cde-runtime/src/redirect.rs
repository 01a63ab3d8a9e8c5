//! Redirects, followed by the runtime itself (every request goes out with
//! reqwest's own redirect handling off), so that credentials never leave the
//! origins they belong to, whatever a server answers.
//!
//! The rules, per hop:
//!
//! - a 3xx the operation documents is its response, never followed;
//! - 301, 302, 303, 307 and 308 with a `Location` are followed, up to
//!   [`MAX_REDIRECTS`]; 303 (and 301/302 of a POST) continue as a GET without
//!   the body, 307 and 308 (and 301/302 of other methods) keep method and body;
//! - a hop to a trusted origin (the client's base URL's, the operation's own
//!   server's) is sent like the first request, credentials included;
//! - a hop to any other origin is not followed unless the caller opted in
//!   ([`crate::ClientBuilder::follow_cross_origin_redirects`]); then it goes
//!   out bare: no credentials, no header or cookie parameters. One that would
//!   carry the body is never followed.

use reqwest::{Method, StatusCode, Url};

/// The most redirects one call follows.
pub const MAX_REDIRECTS: usize = 10;

/// Where a redirect leads, and how the request continues there.
#[derive(Debug, PartialEq)]
pub(crate) struct Hop {
    /// The next URL.
    pub url: Url,
    /// The next method.
    pub method: Method,
    /// Whether the body goes along.
    pub keeps_body: bool,
    /// Whether the next URL is on a trusted origin (credentials go along).
    pub trusted: bool,
}

/// What a 3xx response means for the call.
#[derive(Debug, PartialEq)]
pub(crate) enum Redirect {
    /// Not a redirect to follow (another status, no `Location`): the response
    /// is the call's.
    Answer,
    /// Follow it.
    Follow(Hop),
    /// A redirect the call does not follow: the reason, for the error.
    Refuse(String),
}

/// An http(s) URL's origin: scheme, host and port (the default one when the
/// URL has none). Other URLs have opaque origins, equal to none.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of `url`, if it is an http(s) URL.
    pub fn of(url: &Url) -> Option<Self> {
        matches!(url.scheme(), "http" | "https").then_some(())?;
        Some(Self {
            scheme: url.scheme().to_owned(),
            host: url.host_str()?.to_owned(),
            port: url.port_or_known_default()?,
        })
    }

    /// The origin of the URL `text`, if it is an http(s) URL.
    pub fn parse(text: &str) -> Option<Self> {
        Self::of(&Url::parse(text).ok()?)
    }

    /// Whether `url` is on this origin.
    fn holds(&self, url: &Url) -> bool {
        url.scheme() == self.scheme
            && url.host_str() == Some(self.host.as_str())
            && url.port_or_known_default() == Some(self.port)
    }
}

/// Which redirects one call follows: the origins credentials may go to (the
/// base URL's, the operation's server's), and whether the caller lets it follow
/// redirects to other origins.
#[derive(Debug, Clone)]
pub(crate) struct Policy<'a> {
    base: Option<&'a Origin>,
    server: Option<Origin>,
    cross_origin: bool,
}

impl<'a> Policy<'a> {
    /// Trusting the client's base URL's origin and that of the operation's
    /// own server (an unparsable one adds nothing).
    pub fn new(base: Option<&'a Origin>, server: Option<&str>, cross_origin: bool) -> Self {
        Self {
            base,
            server: server.and_then(Origin::parse),
            cross_origin,
        }
    }

    /// Whether credentials may go to `url`.
    pub fn trusts(&self, url: &Url) -> bool {
        self.base.is_some_and(|origin| origin.holds(url))
            || self.server.as_ref().is_some_and(|origin| origin.holds(url))
    }

    /// What to do with a response of `status` whose `Location` is `location`,
    /// to a request sent to `from` with `method` (carrying a body when
    /// `has_body`), after `hops` redirects.
    pub fn next(
        &self,
        status: StatusCode,
        location: Option<&str>,
        from: &Url,
        method: &Method,
        has_body: bool,
        hops: usize,
    ) -> Redirect {
        let code = status.as_u16();
        if !matches!(code, 301 | 302 | 303 | 307 | 308) {
            return Redirect::Answer;
        }
        let Some(location) = location else {
            return Redirect::Answer;
        };
        let url = match from.join(location) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => url,
            Ok(_) => {
                return Redirect::Refuse(format!("redirect to {location:?}: not an http(s) URL"));
            }
            Err(err) => return Redirect::Refuse(format!("redirect to {location:?}: {err}")),
        };
        if hops >= MAX_REDIRECTS {
            return Redirect::Refuse(format!(
                "more than {MAX_REDIRECTS} redirects (the last to {location:?})"
            ));
        }
        let (method, keeps_body) = match code {
            303 if *method != Method::HEAD => (Method::GET, false),
            301 | 302 if *method == Method::POST => (Method::GET, false),
            _ => (method.clone(), has_body),
        };
        let trusted = self.trusts(&url);
        if !trusted {
            if !self.cross_origin {
                return Redirect::Refuse(format!(
                    "redirect to {location:?}, another origin, not followed (ClientBuilder::follow_cross_origin_redirects follows such redirects, without credentials)"
                ));
            }
            if keeps_body {
                return Redirect::Refuse(format!(
                    "redirect to {location:?}, another origin, not followed: the request's body is never sent to another origin"
                ));
            }
        }
        Redirect::Follow(Hop {
            url,
            method,
            keeps_body,
            trusted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(status: u16, location: &str, method: Method, cross_origin: bool) -> Redirect {
        let from = Url::parse("https://api.example.com/v1/items?page=2").unwrap();
        let base = Origin::parse("https://api.example.com/v1");
        let policy = Policy::new(
            base.as_ref(),
            Some("https://upload.example.com"),
            cross_origin,
        );
        policy.next(
            StatusCode::from_u16(status).unwrap(),
            Some(location),
            &from,
            &method,
            method == Method::POST || method == Method::PUT,
            0,
        )
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let base = Origin::parse("https://api.example.com/v1").unwrap();
        let url = |text: &str| Url::parse(text).unwrap();
        assert!(base.holds(&url("https://API.example.com:443/other?q=1")));
        assert!(!base.holds(&url("http://api.example.com/v1")));
        assert!(!base.holds(&url("https://api.example.com:8443/v1")));
        assert!(!base.holds(&url("https://evil.example.com/v1")));
        assert_eq!(Origin::parse("data:text/plain,hi"), None);
    }

    #[test]
    fn a_relative_location_on_the_same_origin_keeps_credentials() {
        let Redirect::Follow(next) = hop(302, "../v2/items", Method::GET, false) else {
            panic!("not followed");
        };
        assert_eq!(next.url.as_str(), "https://api.example.com/v2/items");
        assert!(next.trusted);
        // The operation's own server is trusted too.
        let Redirect::Follow(next) = hop(307, "https://upload.example.com/x", Method::PUT, false)
        else {
            panic!("not followed");
        };
        assert!(next.trusted && next.keeps_body);
        assert_eq!(next.method, Method::PUT);
    }

    #[test]
    fn methods_change_as_browsers_and_rfc_9110_do() {
        let method = |status, method| match hop(status, "/x", method, false) {
            Redirect::Follow(next) => (next.method, next.keeps_body),
            other => panic!("{other:?}"),
        };
        assert_eq!(method(303, Method::PUT), (Method::GET, false));
        assert_eq!(method(302, Method::POST), (Method::GET, false));
        assert_eq!(method(301, Method::PUT), (Method::PUT, true));
        assert_eq!(method(307, Method::POST), (Method::POST, true));
        assert_eq!(method(308, Method::POST), (Method::POST, true));
    }

    #[test]
    fn another_origin_is_refused_unless_opted_in_and_never_with_a_body() {
        for other in [
            "http://api.example.com/x",
            "https://api.example.com:8443/x",
            "https://evil.example/x",
        ] {
            assert!(
                matches!(hop(302, other, Method::GET, false), Redirect::Refuse(_)),
                "{other}"
            );
            let Redirect::Follow(next) = hop(302, other, Method::GET, true) else {
                panic!("{other}: not followed when opted in");
            };
            assert!(!next.trusted);
            assert!(matches!(
                hop(307, other, Method::POST, true),
                Redirect::Refuse(_)
            ));
            // A 303 drops the body, so it may go.
            assert!(matches!(
                hop(303, other, Method::POST, true),
                Redirect::Follow(_)
            ));
        }
    }

    #[test]
    fn other_statuses_and_missing_locations_are_the_answer() {
        assert_eq!(hop(304, "/x", Method::GET, false), Redirect::Answer);
        assert_eq!(hop(300, "/x", Method::GET, false), Redirect::Answer);
        let from = Url::parse("https://api.example.com/").unwrap();
        let base = Origin::parse("https://api.example.com");
        let policy = Policy::new(base.as_ref(), None, false);
        let answer = policy.next(StatusCode::FOUND, None, &from, &Method::GET, false, 0);
        assert_eq!(answer, Redirect::Answer);
        let too_many = policy.next(
            StatusCode::FOUND,
            Some("/x"),
            &from,
            &Method::GET,
            false,
            MAX_REDIRECTS,
        );
        assert!(matches!(too_many, Redirect::Refuse(reason) if reason.contains("more than 10")));
        assert!(matches!(
            hop(302, "ftp://api.example.com/x", Method::GET, true),
            Redirect::Refuse(_)
        ));
    }
}
