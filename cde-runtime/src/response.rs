use std::fmt;
use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// A successful response: the typed body, with the status and headers.
///
/// Its `Debug` shows every header but the values of those that carry a
/// credential (`Set-Cookie`, `Authorization`, `Cookie`); [`Response::headers`]
/// has them all.
#[derive(Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &crate::secret::ShownHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

impl<T> Response<T> {
    /// Builds a response (used by the client and by tests).
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The typed body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the typed body.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

/// Why a response could not be matched to the documented responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The status is not documented (and there is no `default` response).
    UndocumentedStatus,
    /// The content type is not one the spec documents for this status.
    UnexpectedContentType,
    /// The body does not decode into the documented type.
    InvalidBody(String),
}

/// How a client reads one operation's responses (generated, implemented on the
/// operation's error enum): a documented success, a documented error, or why the
/// response matches neither.
pub trait Responses {
    /// What a successful call returns.
    type Success;
    /// The documented error responses.
    type Error;

    /// Matches a status, content type and body against the documented responses
    /// and decodes the body into the success or the error it documents.
    fn decode(
        status: StatusCode,
        content_type: Option<&str>,
        body: &bytes::Bytes,
    ) -> Result<Result<Self::Success, Self::Error>, DecodeError>;

    /// Whether the operation documents `status` among its redirects (3xx, by
    /// itself or by range; `default` does not count): such a response is the
    /// operation's answer, never followed. Generated only for operations that
    /// document one.
    fn documents(status: StatusCode) -> bool {
        let _ = status;
        false
    }
}

/// The server's side of an operation's responses, implemented on its documented-
/// responses enum (one variant per documented status, range or `default`, each
/// with its typed body). Generated only where something serves or checks responses
/// (the mock server, `generate_client!(..., mock = true)`, and the example checks,
/// `examples = true`), so a client that only calls the API does not compile it.
pub trait EncodeResponses: Sized {
    /// Matches a status, content type and body against the documented responses.
    fn decode(
        status: StatusCode,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Self, DecodeError>;

    /// Encodes the response as documented: its status and body.
    fn encode(&self) -> Result<(StatusCode, crate::Body), crate::InvalidInput>;

    /// Whether this is one of the documented success responses.
    fn is_success(&self) -> bool;
}

/// A status code from a number the generator checked (100..=599); never panics.
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Encodes a JSON body (a mock handler's answer). A number JSON cannot write
/// (NaN, an infinity) is an error saying where, rather than the `null`
/// `serde_json` would write in its place.
pub fn encode_json<T: serde::Serialize>(
    media_type: &str,
    body: &T,
) -> Result<crate::Body, crate::InvalidInput> {
    crate::unknown::check_finite(body)
        .map_err(|message| crate::InvalidInput::new(message).named("body"))?;
    let bytes = serde_json::to_vec(body).map_err(|err| {
        crate::InvalidInput::new(format!("cannot be encoded as JSON: {err}")).named("body")
    })?;
    Ok(crate::Body::Encoded {
        content_type: media_type.to_owned(),
        bytes: bytes.into(),
    })
}

/// Encodes a text body.
pub fn encode_text(media_type: &str, body: &str) -> crate::Body {
    crate::Body::Encoded {
        content_type: media_type.to_owned(),
        bytes: bytes::Bytes::copy_from_slice(body.as_bytes()),
    }
}

/// Encodes a binary body.
pub fn encode_bytes(media_type: &str, body: &bytes::Bytes) -> crate::Body {
    crate::Body::Encoded {
        content_type: media_type.to_owned(),
        bytes: body.clone(),
    }
}

/// Decodes `json` into `T` and encodes it again; `Ok` when the two JSON values are
/// equal (numbers by value: `1` and `1.0` are equal), else a message saying where
/// they differ, why decoding failed, or which value the schema does not list.
pub fn roundtrip<T: DeserializeOwned + serde::Serialize>(json: &str) -> Result<(), String> {
    let original: serde_json::Value =
        serde_json::from_str(json).map_err(|err| format!("not JSON: {err}"))?;
    let typed: T = serde_json::from_value(original.clone())
        .map_err(|err| format!("does not decode: {err}"))?;
    // It decodes (an enum keeps a value it does not list, a union a tag no
    // branch maps, for a newer server's sake), but the spec contradicts itself.
    if let Some(unknown) = crate::unknown::find(&typed).first() {
        return Err(format!(
            "holds a value its schema does not list: {}",
            unknown.located_message()
        ));
    }
    let again = serde_json::to_value(&typed).map_err(|err| format!("does not encode: {err}"))?;
    if crate::__private::de::same_json(&again, &original) {
        Ok(())
    } else {
        Err(format!(
            "re-encodes differently: {}",
            first_difference(&original, &again, String::new())
        ))
    }
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    None => return format!("{at}/{k} is missing after re-encoding"),
                    Some(w) if !crate::__private::de::same_json(v, w) => {
                        return first_difference(v, w, format!("{at}/{k}"));
                    }
                    _ => {}
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{at}/{k} appears after re-encoding");
                }
            }
            format!("{at}: objects differ")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if !crate::__private::de::same_json(v, w) {
                    return first_difference(v, w, format!("{at}/{i}"));
                }
            }
            format!("{at}: arrays differ")
        }
        _ => format!("{at}: {a} became {b}"),
    }
}

/// Decodes a JSON body; a content type that is present and not JSON is rejected.
/// A byte order mark before the JSON text is skipped: some servers send one,
/// and RFC 8259 (§8.1) lets a reader ignore it.
pub fn decode_json<T: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, DecodeError> {
    if let Some(content_type) = content_type
        && !crate::media::is_json(content_type)
    {
        return Err(DecodeError::UnexpectedContentType);
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice(body).map_err(|err| DecodeError::InvalidBody(err.to_string()))
}

/// Decodes a text body.
pub fn decode_text(content_type: Option<&str>, body: &[u8]) -> Result<String, DecodeError> {
    if let Some(content_type) = content_type
        && crate::media::is_json(content_type)
    {
        return Err(DecodeError::UnexpectedContentType);
    }
    String::from_utf8(body.to_vec()).map_err(|err| DecodeError::InvalidBody(err.to_string()))
}

/// Keeps a binary body as it is.
pub fn decode_bytes<B: RawBody + ?Sized>(
    _content_type: Option<&str>,
    body: &B,
) -> Result<bytes::Bytes, DecodeError> {
    Ok(body.to_bytes())
}

/// A body as received: the client's `Bytes` (shared, never copied) or the
/// mock server's slice (copied).
pub trait RawBody {
    /// The body as `Bytes`.
    fn to_bytes(&self) -> bytes::Bytes;
}

impl RawBody for bytes::Bytes {
    fn to_bytes(&self) -> bytes::Bytes {
        self.clone()
    }
}

impl RawBody for [u8] {
    fn to_bytes(&self) -> bytes::Bytes {
        bytes::Bytes::copy_from_slice(self)
    }
}

/// Accepts a response documented without a body (whatever was sent is ignored).
pub fn decode_empty(_content_type: Option<&str>, _body: &[u8]) -> Result<(), DecodeError> {
    Ok(())
}

/// Decodes `json` as the documented response for `status` of the operation whose
/// documented responses are `R`, checks that it is a success or an error as
/// expected, and that encoding it again gives the same status and JSON value.
pub fn check_response<R: EncodeResponses>(
    status: u16,
    content_type: &str,
    json: &str,
    success: bool,
) -> Result<(), String> {
    let code = StatusCode::from_u16(status).map_err(|err| err.to_string())?;
    let decoded = R::decode(code, Some(content_type), json.as_bytes())
        .map_err(|err| format!("status {status} does not decode: {err:?}"))?;
    let (again_status, again_body) = decoded
        .encode()
        .map_err(|err| format!("does not encode: {err}"))?;
    if again_status != code {
        return Err(format!(
            "re-encodes with status {again_status}, not {status}"
        ));
    }
    let original: serde_json::Value =
        serde_json::from_str(json).map_err(|err| format!("not JSON: {err}"))?;
    if let crate::Body::Encoded { bytes, .. } = again_body {
        let again: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|err| format!("re-encodes to non-JSON: {err}"))?;
        if !crate::__private::de::same_json(&again, &original) {
            return Err(format!(
                "re-encodes differently: {}",
                first_difference(&original, &again, String::new())
            ));
        }
    }
    match (decoded.is_success(), success) {
        (true, true) | (false, false) => Ok(()),
        (true, false) => Err(format!("status {status} decoded as a success")),
        (false, true) => Err(format!("status {status} decoded as an error")),
    }
}

#[cfg(test)]
mod tests {
    crate::string_enum! {
        /// A state.
        pub enum State {
            Open = "open",
            Closed = "closed",
        }
        unknown = Unknown
    }

    #[test]
    fn an_example_holding_a_value_its_enum_does_not_list_fails_its_check() {
        type Issues = std::collections::BTreeMap<String, Vec<State>>;
        assert_eq!(
            super::roundtrip::<Issues>(r#"{"states": ["open", "closed"]}"#),
            Ok(())
        );
        assert_eq!(
            super::roundtrip::<Issues>(r#"{"states": ["open", "merged"]}"#),
            Err(String::from(
                "holds a value its schema does not list: states[1]: unknown variant `merged`, expected `open` or `closed`"
            ))
        );
    }

    #[test]
    fn a_json_body_holding_a_number_that_is_not_finite_is_an_error_not_null() {
        let body = std::collections::BTreeMap::from([("weight", f64::NEG_INFINITY)]);
        let err = super::encode_json("application/json", &body).unwrap_err();
        assert_eq!(err.name(), "body");
        assert_eq!(
            err.message(),
            "weight: -inf is not a finite number, and JSON has no way to send it"
        );
        let body = std::collections::BTreeMap::from([("weight", 2.5)]);
        match super::encode_json("application/json", &body) {
            Ok(crate::Body::Encoded { bytes, .. }) => assert_eq!(&bytes[..], br#"{"weight":2.5}"#),
            other => panic!("{other:?}"),
        }
    }
}
