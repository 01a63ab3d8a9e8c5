//! Replies: canned and typed responses, 404, 415 and the documented 400 filled
//! with one entry per bad field.

use std::collections::BTreeMap;

use bytes::Bytes;
use http_body_util::Full;
use serde_json::Value;

use super::request::InvalidRequest;
use super::route::Canned;
use super::server::Entry;
use crate::{Body, EncodeResponses, StatusCode};

/// A response the server sends.
#[derive(Debug)]
pub(super) struct Reply {
    pub(super) status: StatusCode,
    pub(super) content_type: Option<String>,
    pub(super) headers: Vec<(hyper::header::HeaderName, String)>,
    pub(super) body: Bytes,
    /// A body written as it is produced (a streamed response's items),
    /// instead of `body`.
    pub(super) stream: Option<reqwest::Body>,
}

/// A reply's body on the wire: whole, or written as it is produced.
pub(super) type WireBody = http_body_util::Either<Full<Bytes>, reqwest::Body>;

impl Reply {
    pub(super) fn new(
        status: StatusCode,
        content_type: Option<&str>,
        body: impl Into<Bytes>,
    ) -> Self {
        Self {
            status,
            content_type: content_type.filter(|c| !c.is_empty()).map(str::to_owned),
            headers: Vec::new(),
            body: body.into(),
            stream: None,
        }
    }

    pub(super) fn canned(canned: &Canned) -> Self {
        Self::new(
            StatusCode::from_u16(canned.status).unwrap_or(StatusCode::OK),
            Some(canned.content_type),
            Bytes::from_static(canned.body.as_bytes()),
        )
    }

    /// An `application/problem+json` answer (RFC 9457).
    pub(super) fn problem(
        status: StatusCode,
        detail: &str,
        errors: Option<&InvalidRequest>,
    ) -> Self {
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": detail,
        });
        if let (Some(errors), Value::Object(map)) = (errors, &mut body) {
            map.insert(String::from("errors"), field_map(errors));
        }
        Self::new(
            status,
            Some("application/problem+json"),
            body.to_string().into_bytes(),
        )
    }

    pub(super) fn into_hyper(self) -> hyper::Response<WireBody> {
        let body = match self.stream {
            Some(stream) => http_body_util::Either::Right(stream),
            None => http_body_util::Either::Left(Full::new(self.body)),
        };
        let mut response = hyper::Response::new(body);
        *response.status_mut() = self.status;
        if let Some(value) = self
            .content_type
            .and_then(|c| hyper::header::HeaderValue::from_str(&c).ok())
        {
            response
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, value);
        }
        for (name, value) in self.headers {
            if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

pub(super) fn field_map(errors: &InvalidRequest) -> Value {
    Value::Object(
        errors
            .fields
            .iter()
            .map(|(field, message)| (field.clone(), Value::String(message.clone())))
            .collect(),
    )
}

pub(super) fn encode_reply<S: EncodeResponses>(response: &S) -> Reply {
    match response.encode() {
        Ok((status, Body::Empty)) => Reply::new(status, None, Bytes::new()),
        Ok((
            status,
            Body::Encoded {
                content_type,
                bytes,
            },
        )) => Reply::new(status, Some(&content_type), bytes),
        Ok((status, Body::Stream { content_type, body })) => {
            let mut reply = Reply::new(status, Some(&content_type), Bytes::new());
            reply.stream = body.take();
            reply
        }
        Ok((_, Body::Multipart(_))) => Reply::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the mock server cannot send multipart responses",
            None,
        ),
        Err(err) => Reply::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("the handler's response could not be encoded: {err}"),
            None,
        ),
    }
}

pub(super) fn not_found(path: &str) -> Reply {
    let shown: String = path.chars().take(200).collect();
    Reply::problem(
        StatusCode::NOT_FOUND,
        &format!("no operation matches the path {shown}"),
        None,
    )
}

pub(super) fn unsupported(got: &str, expected: &str) -> Reply {
    let got: String = got.chars().take(100).collect();
    Reply::problem(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        &format!("the body is {got}; this operation takes {expected}"),
        None,
    )
}

/// The documented 400 with its errors map filled in, if the operation documents
/// one and the filled body still decodes as that response; else a problem document.
pub(super) fn bad_request(entry: &Entry, invalid: &InvalidRequest) -> Reply {
    if let Some(canned) = &entry.route.bad_request
        && let Some(filled) = fill_errors(canned.body, invalid)
        && (entry.decodes)(canned.status, canned.content_type, filled.as_bytes())
    {
        return Reply::new(
            StatusCode::from_u16(canned.status).unwrap_or(StatusCode::BAD_REQUEST),
            Some(canned.content_type),
            filled.into_bytes(),
        );
    }
    Reply::problem(StatusCode::BAD_REQUEST, &invalid.to_string(), Some(invalid))
}

/// Puts one entry per bad field into the documented body's errors member (a
/// member whose name mentions errors and that holds an object or an array).
pub(super) fn fill_errors(documented: &str, invalid: &InvalidRequest) -> Option<String> {
    let mut body: Value = serde_json::from_str(documented).ok()?;
    let map = body.as_object_mut()?;
    let key = map
        .iter()
        .find(|(k, v)| k.to_ascii_lowercase().contains("error") && (v.is_object() || v.is_array()))
        .map(|(k, _)| k.clone())?;
    let errors: BTreeMap<&str, &str> = invalid
        .fields
        .iter()
        .map(|(f, m)| (f.as_str(), m.as_str()))
        .collect();
    map.insert(key, serde_json::to_value(errors).ok()?);
    Some(body.to_string())
}
