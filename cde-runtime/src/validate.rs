use std::sync::OnceLock;

use crate::InvalidInput;

/// A JSON Schema `pattern`, compiled on first use with ECMA-262 semantics.
///
/// JSON Schema patterns are not anchored: a value matches when the pattern matches
/// anywhere in it (use `^...$` to match the whole value).
///
/// ```
/// static P: cde_runtime::__private::Pattern = cde_runtime::__private::Pattern::new(r"^(main|latest|\d+)$");
/// assert!(P.is_match("latest").unwrap());
/// assert!(P.is_match("12").unwrap());
/// assert!(!P.is_match("1.2").unwrap());
/// ```
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<regress::Regex, String>>,
}

impl Pattern {
    /// Declares a pattern; it is compiled the first time it is used.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the spec.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` matches. Fails only if the pattern does not compile
    /// (generated code checks every pattern when it is generated).
    pub fn is_match(&self, value: &str) -> Result<bool, String> {
        let compiled = self
            .compiled
            .get_or_init(|| regress::Regex::new(self.source).map_err(|err| err.to_string()));
        match compiled {
            Ok(regex) => Ok(regex.find(value).is_some()),
            Err(err) => Err(format!("pattern {:?} does not compile: {err}", self.source)),
        }
    }
}

/// Constraints on a string value: `pattern`, `minLength`, `maxLength`.
#[derive(Debug)]
pub struct StringConstraints {
    /// The `pattern`, if any.
    pub pattern: Option<Pattern>,
    /// `minLength`, in Unicode code points.
    pub min_length: Option<u64>,
    /// `maxLength`, in Unicode code points.
    pub max_length: Option<u64>,
}

impl StringConstraints {
    /// Checks a value, saying what is wrong with it.
    pub fn check(&self, value: &str) -> Result<(), InvalidInput> {
        let length = value.chars().count() as u64;
        if let Some(min) = self.min_length
            && length < min
        {
            return Err(InvalidInput::new(format!(
                "{value:?} is {length} characters long; at least {min} required"
            )));
        }
        if let Some(max) = self.max_length
            && length > max
        {
            return Err(InvalidInput::new(format!(
                "value is {length} characters long; at most {max} allowed"
            )));
        }
        if let Some(pattern) = &self.pattern {
            match pattern.is_match(value) {
                Ok(true) => {}
                Ok(false) => {
                    return Err(InvalidInput::new(format!(
                        "{value:?} does not match the pattern {}",
                        pattern.source()
                    )));
                }
                Err(err) => return Err(InvalidInput::new(err)),
            }
        }
        Ok(())
    }
}

/// Bounds on a number: `minimum`, `maximum` and their exclusive forms, `multipleOf`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NumberBounds {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum` (OpenAPI 3.0: a flag on `minimum`).
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum` (OpenAPI 3.0: a flag on `maximum`).
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

impl NumberBounds {
    /// Checks a value, saying what is wrong with it.
    pub fn check(&self, value: f64) -> Result<(), InvalidInput> {
        if let Some(min) = self.minimum {
            if self.exclusive_minimum && value <= min {
                return Err(InvalidInput::new(format!(
                    "{value} must be greater than {min}"
                )));
            }
            if value < min {
                return Err(InvalidInput::new(format!("{value} must be at least {min}")));
            }
        }
        if let Some(max) = self.maximum {
            if self.exclusive_maximum && value >= max {
                return Err(InvalidInput::new(format!(
                    "{value} must be less than {max}"
                )));
            }
            if value > max {
                return Err(InvalidInput::new(format!("{value} must be at most {max}")));
            }
        }
        if let Some(step) = self.multiple_of
            && step > 0.0
            && (value / step).fract() != 0.0
        {
            return Err(InvalidInput::new(format!(
                "{value} must be a multiple of {step}"
            )));
        }
        Ok(())
    }

    /// Checks an optional value under a parameter name; `None` always passes.
    pub fn check_named(&self, name: &str, value: Option<f64>) -> Result<(), InvalidInput> {
        match value {
            Some(value) => self.check(value).map_err(|err| err.named(name)),
            None => Ok(()),
        }
    }
}
