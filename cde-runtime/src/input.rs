use crate::InvalidInput;

/// A value that can be turned into a request input of type `T`, possibly failing.
///
/// Generated methods take `impl Input<T>` for required inputs, so callers may pass the
/// typed value itself or a convenient form of it (`&str` for a UUID or a validated
/// string). A conversion that fails is reported as [`crate::Error::InvalidInput`] by
/// the request's `send`, before anything goes on the wire.
pub trait Input<T> {
    /// Converts the value, or says why it is not a valid `T`.
    fn into_input(self) -> Result<T, InvalidInput>;
}

impl<T> Input<T> for T {
    fn into_input(self) -> Result<T, InvalidInput> {
        Ok(self)
    }
}

impl Input<uuid::Uuid> for &str {
    fn into_input(self) -> Result<uuid::Uuid, InvalidInput> {
        uuid::Uuid::parse_str(self)
            .map_err(|err| InvalidInput::new(format!("{self:?} is not a UUID: {err}")))
    }
}

impl Input<uuid::Uuid> for String {
    fn into_input(self) -> Result<uuid::Uuid, InvalidInput> {
        self.as_str().into_input()
    }
}

impl Input<String> for &str {
    fn into_input(self) -> Result<String, InvalidInput> {
        Ok(self.to_owned())
    }
}

impl Input<crate::SecretString> for &str {
    fn into_input(self) -> Result<crate::SecretString, InvalidInput> {
        Ok(crate::SecretString::new(self))
    }
}

impl Input<crate::SecretString> for String {
    fn into_input(self) -> Result<crate::SecretString, InvalidInput> {
        Ok(crate::SecretString::new(self))
    }
}

impl Input<bytes::Bytes> for Vec<u8> {
    fn into_input(self) -> Result<bytes::Bytes, InvalidInput> {
        Ok(bytes::Bytes::from(self))
    }
}

impl Input<bytes::Bytes> for &[u8] {
    fn into_input(self) -> Result<bytes::Bytes, InvalidInput> {
        Ok(bytes::Bytes::copy_from_slice(self))
    }
}

impl Input<crate::DateTime> for &str {
    fn into_input(self) -> Result<crate::DateTime, InvalidInput> {
        chrono::DateTime::parse_from_rfc3339(self).map_err(|err| {
            InvalidInput::new(format!("{self:?} is not an RFC 3339 date-time: {err}"))
        })
    }
}

impl<T> Input<Option<T>> for Option<&T>
where
    T: Clone,
{
    fn into_input(self) -> Result<Option<T>, InvalidInput> {
        Ok(self.cloned())
    }
}
