//! [`Number`]: DynamoDB's N type, exact to 38 significant digits.
//!
//! A number is kept as a sign, an integer mantissa without trailing zeros
//! (at most 38 digits, so it fits in a `u128`) and a decimal exponent:
//! `value = ±mantissa × 10^exponent`. That form is unique for every value, so
//! equality and hashing are numeric (`100` equals `100.0`).

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use rust_decimal::Decimal;

/// The most significant digits DynamoDB keeps in a number.
pub const MAX_DIGITS: u32 = 38;
/// The smallest decimal exponent of a number's leading digit (`1E-130`).
const MIN_LEADING_EXPONENT: i64 = -130;
/// The largest decimal exponent of a number's leading digit (`9.99…E+125`).
const MAX_LEADING_EXPONENT: i64 = 125;
/// `10^38`: one more than the largest 38-digit mantissa.
const TEN_POW_38: u128 = 100_000_000_000_000_000_000_000_000_000_000_000_000;

/// A DynamoDB number (`N`): up to 38 significant decimal digits, magnitude
/// `1E-130 ..= 9.9999999999999999999999999999999999999E+125`, or zero.
///
/// Parsing normalises the way DynamoDB does; equality, ordering and hashing are
/// numeric; [`Display`](fmt::Display) prints the canonical plain decimal text.
///
/// ```
/// use dynorm::Number;
/// let n: Number = "1.5E2".parse().unwrap();
/// assert_eq!(n.to_string(), "150");
/// assert_eq!(n, Number::from(150));
/// assert!("00042".parse::<Number>().unwrap() < "42.5".parse::<Number>().unwrap());
/// let big: Number = "12345678901234567890123456789012345678".parse().unwrap();
/// assert_eq!(big.to_string(), "12345678901234567890123456789012345678");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Number {
    pub(super) negative: bool,
    /// No trailing zeros; zero only for the number zero.
    pub(super) mantissa: u128,
    /// Zero for the number zero.
    pub(super) exponent: i32,
}

/// A number DynamoDB would reject, or a conversion that would lose information.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// The text is not a number at all (empty, `NaN`, `Infinity`, stray characters...).
    #[error("`{0}` is not a valid number")]
    Invalid(String),
    /// More than 38 significant digits.
    #[error("Attempting to store more than 38 significant digits in a Number")]
    TooManyDigits,
    /// Magnitude of `1E+126` or more.
    #[error(
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )]
    Overflow,
    /// Non-zero magnitude below `1E-130`.
    #[error("Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    Underflow,
    /// A float that is NaN or infinite: DynamoDB numbers are finite decimals.
    #[error(
        "{0} is not a number DynamoDB can store: numbers must be finite (not NaN or infinite)"
    )]
    NotFinite(String),
    /// A number that does not fit in the requested Rust type without losing information.
    #[error("number {number} does not fit in {target}")]
    DoesNotFit {
        /// The number, as canonical text.
        number: String,
        /// The Rust type asked for.
        target: &'static str,
    },
}

impl Number {
    /// Zero.
    pub const ZERO: Number = Number {
        negative: false,
        mantissa: 0,
        exponent: 0,
    };

    /// Builds a number from sign, mantissa and exponent, normalising and
    /// checking DynamoDB's limits.
    fn build(negative: bool, mut mantissa: u128, exponent: i64) -> Result<Number, NumberError> {
        if mantissa == 0 {
            return Ok(Number::ZERO);
        }
        let mut exponent = exponent;
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        if mantissa >= TEN_POW_38 {
            return Err(NumberError::TooManyDigits);
        }
        let leading = exponent + i64::from(digit_count(mantissa)) - 1;
        if leading > MAX_LEADING_EXPONENT {
            return Err(NumberError::Overflow);
        }
        if leading < MIN_LEADING_EXPONENT {
            return Err(NumberError::Underflow);
        }
        Ok(Number {
            negative,
            mantissa,
            // In range: the leading-exponent checks bound it to -167..=125.
            exponent: exponent as i32,
        })
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Whether this is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The number with its sign flipped (zero stays zero).
    #[must_use]
    pub fn neg(&self) -> Number {
        Number {
            negative: !self.negative && self.mantissa != 0,
            ..self.clone()
        }
    }

    /// The absolute value.
    #[must_use]
    pub fn abs(&self) -> Number {
        Number {
            negative: false,
            ..self.clone()
        }
    }

    /// The count of significant digits (0 for zero).
    pub fn significant_digits(&self) -> u32 {
        if self.mantissa == 0 {
            0
        } else {
            digit_count(self.mantissa)
        }
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.exponent >= 0
    }

    /// Bytes DynamoDB counts for this number.
    ///
    /// DynamoDB stores numbers as base-100 digit pairs aligned on the decimal
    /// point plus one byte of sign and exponent, leading and trailing zeros
    /// trimmed. So the size is `1 + the number of aligned digit pairs the
    /// significant digits touch`: `1` and `100` take 2 bytes, `12345` takes 4,
    /// `1.5` takes 3 (pairs `01.50`), `0.5` takes 2. For numbers whose digits
    /// line up with the pairs this is the documented
    /// `(significant_digits + 1) / 2 + 1`. A negative number takes one byte
    /// more (`-42` takes 3); zero takes 1 byte, whatever its sign was written.
    ///
    /// ```
    /// use dynorm::Number;
    /// assert_eq!(Number::from(1).storage_size(), 2);
    /// assert_eq!(Number::from(-42).storage_size(), 3);
    /// assert_eq!(Number::from(12345).storage_size(), 4);
    /// assert_eq!("1.5".parse::<Number>().unwrap().storage_size(), 3);
    /// ```
    pub fn storage_size(&self) -> usize {
        if self.mantissa == 0 {
            return 1;
        }
        let low = i64::from(self.exponent);
        let high = low + i64::from(digit_count(self.mantissa)) - 1;
        let pairs = high.div_euclid(2) - low.div_euclid(2) + 1;
        // `pairs` is between 1 and 20.
        pairs.unsigned_abs() as usize + 1 + usize::from(self.negative)
    }

    /// `self + other`, exactly. Errors when the exact result needs more than
    /// 38 significant digits or leaves DynamoDB's range.
    ///
    /// ```
    /// use dynorm::Number;
    /// let a: Number = "0.1".parse().unwrap();
    /// let b: Number = "0.2".parse().unwrap();
    /// assert_eq!(a.checked_add(&b).unwrap().to_string(), "0.3");
    /// ```
    pub fn checked_add(&self, other: &Number) -> Result<Number, NumberError> {
        if other.is_zero() {
            return Ok(self.clone());
        }
        if self.is_zero() {
            return Ok(other.clone());
        }
        // Put the operand with the larger exponent first.
        let (a, b) = if self.exponent >= other.exponent {
            (self, other)
        } else {
            (other, self)
        };
        let shift = (i64::from(a.exponent) - i64::from(b.exponent)) as u32;
        // The result's lowest non-zero digit sits at b's lowest digit; when a's
        // digits start far above b's, the result spans more than 38 digits.
        if shift > 2 * MAX_DIGITS + 2 {
            return Err(NumberError::TooManyDigits);
        }
        let a_digits = Wide::from_u128(a.mantissa).shl_decimal(shift);
        let b_digits = Wide::from_u128(b.mantissa);
        let (negative, sum) = if a.negative == b.negative {
            (a.negative, a_digits.add(&b_digits))
        } else {
            match a_digits.cmp(&b_digits) {
                Ordering::Equal => return Ok(Number::ZERO),
                Ordering::Greater => (a.negative, a_digits.sub(&b_digits)),
                Ordering::Less => (b.negative, b_digits.sub(&a_digits)),
            }
        };
        let (mantissa, extra) = sum.into_u128()?;
        Number::build(negative, mantissa, i64::from(b.exponent) + i64::from(extra))
    }

    /// `self - other`, exactly; errors as [`checked_add`](Number::checked_add).
    pub fn checked_sub(&self, other: &Number) -> Result<Number, NumberError> {
        self.checked_add(&other.neg())
    }

    /// The value as an `i64`; an error if it has a fractional part or is out of range.
    pub fn to_i64(&self) -> Result<i64, NumberError> {
        let v = self.to_i128_named("i64")?;
        i64::try_from(v).map_err(|_| self.does_not_fit("i64"))
    }

    /// The value as a `u64`; an error if it has a fractional part, is negative or too large.
    pub fn to_u64(&self) -> Result<u64, NumberError> {
        let v = self.to_u128_named("u64")?;
        u64::try_from(v).map_err(|_| self.does_not_fit("u64"))
    }

    /// The value as an `i128`; an error if it has a fractional part or is out of range.
    pub fn to_i128(&self) -> Result<i128, NumberError> {
        self.to_i128_named("i128")
    }

    /// The value as a `u128`; an error if it has a fractional part, is negative or too large.
    pub fn to_u128(&self) -> Result<u128, NumberError> {
        self.to_u128_named("u128")
    }

    /// The nearest `f64`. Every DynamoDB number is within `f64`'s range, so this
    /// only rounds (to the nearest representable value), never fails today.
    pub fn to_f64(&self) -> Result<f64, NumberError> {
        let mut buf = StackText::new();
        // Writing into the fixed buffer cannot fail: the text is at most ~45 bytes.
        let _ = self.write_scientific(&mut buf);
        buf.as_str()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| self.does_not_fit("f64"))
    }

    /// The value as a `rust_decimal::Decimal`; an error if it needs more than
    /// 28 fractional digits or more precision/range than `Decimal` has.
    pub fn to_decimal(&self) -> Result<Decimal, NumberError> {
        let err = || self.does_not_fit("Decimal");
        let (mantissa, scale) = if self.exponent >= 0 {
            let m = pow10(self.exponent as u32)
                .and_then(|p| self.mantissa.checked_mul(p))
                .ok_or_else(err)?;
            (m, 0u32)
        } else {
            (self.mantissa, self.exponent.unsigned_abs())
        };
        let signed = i128::try_from(mantissa).map_err(|_| err())?;
        let signed = if self.negative { -signed } else { signed };
        Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| err())
    }

    fn to_u128_named(&self, target: &'static str) -> Result<u128, NumberError> {
        if self.negative || self.exponent < 0 {
            return Err(self.does_not_fit(target));
        }
        pow10(self.exponent as u32)
            .and_then(|p| self.mantissa.checked_mul(p))
            .ok_or_else(|| self.does_not_fit(target))
    }

    fn to_i128_named(&self, target: &'static str) -> Result<i128, NumberError> {
        if self.exponent < 0 {
            return Err(self.does_not_fit(target));
        }
        let magnitude = pow10(self.exponent as u32)
            .and_then(|p| self.mantissa.checked_mul(p))
            .ok_or_else(|| self.does_not_fit(target))?;
        if self.negative {
            // i128::MIN's magnitude is one more than i128::MAX.
            if magnitude == i128::MIN.unsigned_abs() {
                Ok(i128::MIN)
            } else {
                i128::try_from(magnitude)
                    .map(|m| -m)
                    .map_err(|_| self.does_not_fit(target))
            }
        } else {
            i128::try_from(magnitude).map_err(|_| self.does_not_fit(target))
        }
    }

    fn does_not_fit(&self, target: &'static str) -> NumberError {
        NumberError::DoesNotFit {
            number: self.to_string(),
            target,
        }
    }

    /// Calls `f` with a compact exact text of the number (`[-]<mantissa>e<exponent>`),
    /// formatted without allocating.
    pub(crate) fn with_compact_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let mut buf = StackText::new();
        let _ = self.write_scientific(&mut buf);
        f(buf.as_str())
    }

    /// Writes `[-]<mantissa>e<exponent>`.
    fn write_scientific(&self, f: &mut impl fmt::Write) -> fmt::Result {
        if self.negative {
            f.write_char('-')?;
        }
        // Formatting a u128 costs several times a u64's.
        match u64::try_from(self.mantissa) {
            Ok(m) => write!(f, "{m}e{}", self.exponent),
            Err(_) => write!(f, "{}e{}", self.mantissa, self.exponent),
        }
    }

    /// The exponent of the leading digit (for non-zero numbers).
    fn leading_exponent(&self) -> i64 {
        i64::from(self.exponent) + i64::from(digit_count(self.mantissa)) - 1
    }

    /// Compares magnitudes of two non-zero numbers.
    fn cmp_magnitude(&self, other: &Number) -> Ordering {
        self.leading_exponent()
            .cmp(&other.leading_exponent())
            .then_with(|| {
                // Same leading exponent: scale both mantissas to 38 digits.
                let a = self.mantissa * pow10_unchecked(MAX_DIGITS - digit_count(self.mantissa));
                let b = other.mantissa * pow10_unchecked(MAX_DIGITS - digit_count(other.mantissa));
                a.cmp(&b)
            })
    }
}

/// `10^n` if it fits in a `u128`.
fn pow10(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

/// `10^n` for `n <= 38`.
fn pow10_unchecked(n: u32) -> u128 {
    10u128.pow(n.min(MAX_DIGITS))
}

/// Decimal digits in `v` (1 for 0).
fn digit_count(v: u128) -> u32 {
    v.checked_ilog10().map_or(1, |d| d + 1)
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => {
                return if other.negative {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, true) => {
                return if self.negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, false) => {}
        }
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Default for Number {
    fn default() -> Number {
        Number::ZERO
    }
}

impl fmt::Display for Number {
    /// Plain decimal notation: `150`, `0.001`, `-3.14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mantissa == 0 {
            return f.write_char('0');
        }
        if self.negative {
            f.write_char('-')?;
        }
        let mut digits = StackText::new();
        let _ = match u64::try_from(self.mantissa) {
            Ok(m) => write!(digits, "{m}"),
            Err(_) => write!(digits, "{}", self.mantissa),
        };
        let digits = digits.as_str();
        if self.exponent >= 0 {
            f.write_str(digits)?;
            for _ in 0..self.exponent {
                f.write_char('0')?;
            }
            return Ok(());
        }
        let frac_len = self.exponent.unsigned_abs() as usize;
        if digits.len() > frac_len {
            let (int, frac) = digits.split_at(digits.len() - frac_len);
            f.write_str(int)?;
            f.write_char('.')?;
            f.write_str(frac)
        } else {
            f.write_str("0.")?;
            for _ in 0..frac_len - digits.len() {
                f.write_char('0')?;
            }
            f.write_str(digits)
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Number {
    type Err = NumberError;

    /// Parses DynamoDB's number syntax: optional sign, digits with an optional
    /// decimal point (`5.`, `.5`), optional exponent (`1e3`, `1E-3`).
    fn from_str(s: &str) -> Result<Number, NumberError> {
        parse(s).ok_or_else(|| NumberError::Invalid(s.to_owned()))?
    }
}

impl TryFrom<&str> for Number {
    type Error = NumberError;
    fn try_from(s: &str) -> Result<Number, NumberError> {
        s.parse()
    }
}

impl TryFrom<String> for Number {
    type Error = NumberError;
    fn try_from(s: String) -> Result<Number, NumberError> {
        s.parse()
    }
}

/// `None` for syntax errors; `Some(Err)` for well-formed numbers DynamoDB rejects.
fn parse(s: &str) -> Option<Result<Number, NumberError>> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut negative = false;
    match bytes.first() {
        Some(b'-') => {
            negative = true;
            i = 1;
        }
        Some(b'+') => i = 1,
        _ => {}
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = &bytes[int_start..i];
    let mut frac_digits: &[u8] = &[];
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = &bytes[frac_start..i];
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let mut exponent: i64 = 0;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        let mut exp_negative = false;
        match bytes.get(i) {
            Some(b'-') => {
                exp_negative = true;
                i += 1;
            }
            Some(b'+') => i += 1,
            _ => {}
        }
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            // Saturate far beyond any valid exponent; range checks reject it later.
            exponent = (exponent * 10 + i64::from(bytes[i] - b'0')).min(1_000_000_000_000);
            i += 1;
        }
        if i == exp_start {
            return None;
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return None;
    }
    // All digits as one sequence, with the exponent of its last digit.
    let digits = int_digits.iter().chain(frac_digits.iter());
    let total = int_digits.len() + frac_digits.len();
    let mut last_exponent = exponent - frac_digits.len() as i64;
    // Trim trailing zeros.
    let trailing = digits.clone().rev().take_while(|&&d| d == b'0').count();
    if trailing == total {
        return Some(Ok(Number::ZERO));
    }
    last_exponent += trailing as i64;
    let leading = digits.clone().take_while(|&&d| d == b'0').count();
    let significant = total - trailing - leading;
    if significant > MAX_DIGITS as usize {
        return Some(Err(NumberError::TooManyDigits));
    }
    let mantissa = digits
        .skip(leading)
        .take(significant)
        .fold(0u128, |m, &d| m * 10 + u128::from(d - b'0'));
    Some(Number::build(negative, mantissa, last_exponent))
}

/// A fixed-size text buffer for formatting without allocating.
struct StackText {
    buf: [u8; 64],
    len: usize,
}

impl StackText {
    fn new() -> StackText {
        StackText {
            buf: [0; 64],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A little-endian array of decimal digits, wide enough for the exact sum of
/// two 38-digit numbers whose exponents differ by up to 78.
#[derive(PartialEq, Eq)]
struct Wide {
    digits: [u8; Wide::LEN],
}

impl Wide {
    const LEN: usize = 2 * MAX_DIGITS as usize + 2 + MAX_DIGITS as usize + 2;

    fn from_u128(mut v: u128) -> Wide {
        let mut digits = [0u8; Wide::LEN];
        let mut i = 0;
        while v > 0 && i < Wide::LEN {
            digits[i] = (v % 10) as u8;
            v /= 10;
            i += 1;
        }
        Wide { digits }
    }

    fn shl_decimal(self, shift: u32) -> Wide {
        let shift = shift as usize;
        let mut digits = [0u8; Wide::LEN];
        for (i, &d) in self.digits.iter().enumerate() {
            if let Some(slot) = digits.get_mut(i + shift) {
                *slot = d;
            }
        }
        Wide { digits }
    }

    fn add(&self, other: &Wide) -> Wide {
        let mut digits = [0u8; Wide::LEN];
        let mut carry = 0u8;
        for (i, slot) in digits.iter_mut().enumerate() {
            let s = self.digits[i] + other.digits[i] + carry;
            *slot = s % 10;
            carry = s / 10;
        }
        Wide { digits }
    }

    /// `self - other`, for `self >= other`.
    fn sub(&self, other: &Wide) -> Wide {
        let mut digits = [0u8; Wide::LEN];
        let mut borrow = 0u8;
        for (i, slot) in digits.iter_mut().enumerate() {
            let minus = other.digits[i] + borrow;
            if self.digits[i] >= minus {
                *slot = self.digits[i] - minus;
                borrow = 0;
            } else {
                *slot = self.digits[i] + 10 - minus;
                borrow = 1;
            }
        }
        Wide { digits }
    }

    /// The non-zero value as a mantissa and the count of trailing zeros dropped.
    fn into_u128(self) -> Result<(u128, u32), NumberError> {
        let low = self.digits.iter().take_while(|&&d| d == 0).count();
        let high = Wide::LEN - self.digits.iter().rev().take_while(|&&d| d == 0).count();
        if high <= low {
            return Ok((0, 0));
        }
        if high - low > MAX_DIGITS as usize {
            return Err(NumberError::TooManyDigits);
        }
        let m = self.digits[low..high]
            .iter()
            .rev()
            .fold(0u128, |m, &d| m * 10 + u128::from(d));
        Ok((m, low as u32))
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, other: &Wide) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Wide {
    fn cmp(&self, other: &Wide) -> Ordering {
        self.digits.iter().rev().cmp(other.digits.iter().rev())
    }
}

impl Number {
    /// `±magnitude`, trailing zeros moved into the exponent (in u64
    /// arithmetic, several times cheaper than u128's).
    fn from_u64_magnitude(negative: bool, magnitude: u64) -> Number {
        let mut mantissa = magnitude;
        let mut exponent = 0;
        while mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        Number {
            negative: negative && mantissa != 0,
            mantissa: u128::from(mantissa),
            exponent,
        }
    }
}

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(v: $t) -> Number {
                Number::from_u64_magnitude(v < 0, u64::from(v.unsigned_abs()))
            }
        }
    )*};
}
from_signed!(i8, i16, i32, i64);

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(v: $t) -> Number {
                Number::from_u64_magnitude(false, u64::from(v))
            }
        }
    )*};
}
from_unsigned!(u8, u16, u32, u64);

impl From<isize> for Number {
    fn from(v: isize) -> Number {
        // isize is at most 64 bits on every supported target.
        Number::from(v as i64)
    }
}

impl From<usize> for Number {
    fn from(v: usize) -> Number {
        Number::from(v as u64)
    }
}

impl TryFrom<i128> for Number {
    type Error = NumberError;
    fn try_from(v: i128) -> Result<Number, NumberError> {
        Number::build(v < 0, v.unsigned_abs(), 0)
    }
}

impl TryFrom<u128> for Number {
    type Error = NumberError;
    fn try_from(v: u128) -> Result<Number, NumberError> {
        Number::build(false, v, 0)
    }
}

/// The shortest decimal text that reads back as the same float (Rust's
/// `{:e}` formatting of `f32` and `f64`), checked against DynamoDB's limits.
fn from_float(v: impl fmt::LowerExp + fmt::Display, finite: bool) -> Result<Number, NumberError> {
    if !finite {
        return Err(NumberError::NotFinite(v.to_string()));
    }
    let mut buf = StackText::new();
    // At most 17 digits, a sign, a point and a 4-character exponent: fits.
    write!(buf, "{v:e}").map_err(|_| NumberError::Invalid(v.to_string()))?;
    buf.as_str().parse()
}

/// The shortest decimal that reads back as the same `f64`, as DynamoDB's SDKs
/// send floats: `0.1` gives `0.1`, not `0.1000000000000000055511151231257827`.
///
/// Errors: [`NotFinite`](NumberError::NotFinite) for NaN and infinities,
/// [`Overflow`](NumberError::Overflow) from a magnitude of `1E+126` and
/// [`Underflow`](NumberError::Underflow) below `1E-130` (zero is fine).
///
/// ```
/// use dynorm::{Number, NumberError};
/// assert_eq!(Number::try_from(0.1).unwrap().to_string(), "0.1");
/// assert_eq!(Number::try_from(-2.5e-7).unwrap().to_string(), "-0.00000025");
/// assert!(matches!(Number::try_from(f64::NAN), Err(NumberError::NotFinite(_))));
/// assert_eq!(Number::try_from(1e300), Err(NumberError::Overflow));
/// assert_eq!(Number::try_from(1e-300), Err(NumberError::Underflow));
/// ```
impl TryFrom<f64> for Number {
    type Error = NumberError;
    fn try_from(v: f64) -> Result<Number, NumberError> {
        from_float(v, v.is_finite())
    }
}

/// The shortest decimal that reads back as the same `f32` (`0.1f32` gives
/// `0.1`); errors as for `f64` (every finite `f32` is within DynamoDB's range).
///
/// ```
/// use dynorm::{Number, NumberError};
/// assert_eq!(Number::try_from(0.1f32).unwrap().to_string(), "0.1");
/// assert!(matches!(Number::try_from(f32::INFINITY), Err(NumberError::NotFinite(_))));
/// ```
impl TryFrom<f32> for Number {
    type Error = NumberError;
    fn try_from(v: f32) -> Result<Number, NumberError> {
        from_float(v, v.is_finite())
    }
}

impl From<Decimal> for Number {
    fn from(v: Decimal) -> Number {
        let mantissa = v.mantissa();
        // A Decimal has at most 29 digits and scale <= 28: always within range.
        Number::build(mantissa < 0, mantissa.unsigned_abs(), -i64::from(v.scale()))
            .unwrap_or(Number::ZERO)
    }
}

impl From<&Number> for Number {
    fn from(v: &Number) -> Number {
        v.clone()
    }
}

macro_rules! try_into_int {
    ($($t:ty => $via:ident),*) => {$(
        impl TryFrom<&Number> for $t {
            type Error = NumberError;
            fn try_from(n: &Number) -> Result<$t, NumberError> {
                let v = n.$via(stringify!($t))?;
                <$t>::try_from(v).map_err(|_| n.does_not_fit(stringify!($t)))
            }
        }
        impl TryFrom<Number> for $t {
            type Error = NumberError;
            fn try_from(n: Number) -> Result<$t, NumberError> {
                <$t>::try_from(&n)
            }
        }
    )*};
}
try_into_int!(
    i8 => to_i128_named, i16 => to_i128_named, i32 => to_i128_named, i64 => to_i128_named,
    i128 => to_i128_named, isize => to_i128_named,
    u8 => to_u128_named, u16 => to_u128_named, u32 => to_u128_named, u64 => to_u128_named,
    u128 => to_u128_named, usize => to_u128_named
);

impl TryFrom<&Number> for f64 {
    type Error = NumberError;
    fn try_from(n: &Number) -> Result<f64, NumberError> {
        n.to_f64()
    }
}

impl TryFrom<Number> for f64 {
    type Error = NumberError;
    fn try_from(n: Number) -> Result<f64, NumberError> {
        n.to_f64()
    }
}

impl TryFrom<&Number> for Decimal {
    type Error = NumberError;
    fn try_from(n: &Number) -> Result<Decimal, NumberError> {
        n.to_decimal()
    }
}

impl TryFrom<Number> for Decimal {
    type Error = NumberError;
    fn try_from(n: Number) -> Result<Decimal, NumberError> {
        n.to_decimal()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        match s.parse() {
            Ok(n) => n,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn normalises_like_dynamodb() {
        for (input, canonical) in [
            ("00042", "42"),
            ("3.1400", "3.14"),
            ("1.5E2", "150"),
            ("-0", "0"),
            ("-0.000", "0"),
            ("+1", "1"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1e3", "1000"),
            ("1E-3", "0.001"),
            ("-3.14", "-3.14"),
            ("0e999999999999999999999", "0"),
            ("1E+125", &format!("1{}", "0".repeat(125))),
            ("1E-130", &format!("0.{}1", "0".repeat(129))),
            ("12300e-2", "123"),
        ] {
            assert_eq!(n(input).to_string(), canonical, "{input}");
        }
    }

    #[test]
    fn rejects_what_dynamodb_rejects() {
        for bad in [
            "", "-", "+", ".", "e5", "1e", "1e+", "NaN", "Infinity", "-inf", " 1", "1 ", "1.2.3",
            "0x10", "1_000", "--1",
        ] {
            assert!(
                matches!(bad.parse::<Number>(), Err(NumberError::Invalid(_))),
                "{bad:?}"
            );
        }
        assert_eq!(
            "123456789012345678901234567890123456789".parse::<Number>(),
            Err(NumberError::TooManyDigits)
        );
        assert_eq!("1E126".parse::<Number>(), Err(NumberError::Overflow));
        assert_eq!("1E-131".parse::<Number>(), Err(NumberError::Underflow));
        assert_eq!(
            "1e99999999999999999".parse::<Number>(),
            Err(NumberError::Overflow)
        );
        // Leading and trailing zeros do not count as significant.
        let padded = format!("000{}000.000", "9".repeat(38));
        assert_eq!(n(&padded).significant_digits(), 38);
        let max = format!("9.{}E+125", "9".repeat(37));
        assert!(max.parse::<Number>().is_ok());
    }

    #[test]
    fn messages_name_the_rule() {
        assert!(NumberError::TooManyDigits
            .to_string()
            .contains("more than 38 significant digits"));
        assert!(NumberError::Overflow
            .to_string()
            .contains("Number overflow"));
        assert!(NumberError::Underflow
            .to_string()
            .contains("Number underflow"));
        assert!("abc"
            .parse::<Number>()
            .unwrap_err()
            .to_string()
            .contains("is not a valid number"));
    }

    #[test]
    fn compares_numerically() {
        assert_eq!(n("100"), n("100.0"));
        assert_eq!(n("1e2"), n("100"));
        assert!(n("-1") < n("0"));
        assert!(n("-10") < n("-9.99"));
        assert!(n("0.001") < n("0.01"));
        assert!(n("99") < n("100"));
        assert!(n("1.5") > n("1.49999"));
        let mut h1 = std::collections::hash_map::DefaultHasher::new();
        let mut h2 = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&n("100"), &mut h1);
        std::hash::Hash::hash(&n("1.00E2"), &mut h2);
        assert_eq!(
            std::hash::Hasher::finish(&h1),
            std::hash::Hasher::finish(&h2)
        );
    }

    #[test]
    fn integer_conversions_are_exact() {
        assert_eq!(Number::from(i64::MIN).to_i64(), Ok(i64::MIN));
        assert_eq!(Number::from(u64::MAX).to_u64(), Ok(u64::MAX));
        assert_eq!(Number::from(u64::MAX).to_string(), u64::MAX.to_string());
        assert!(Number::from(u64::MAX).to_i64().is_err());
        assert!(Number::from(-1).to_u64().is_err());
        assert!(n("1.5").to_i64().is_err());
        assert_eq!(n("1.5e1").to_i64(), Ok(15));
        let err = Number::from(300).to_string();
        assert_eq!(err, "300");
        assert_eq!(
            i8::try_from(&Number::from(300)).unwrap_err().to_string(),
            "number 300 does not fit in i8"
        );
        assert!(Number::try_from(u128::MAX).is_err());
        assert!(Number::try_from(i128::MIN).is_err());
        let ten38 = 10u128.pow(38);
        assert_eq!(Number::try_from(ten38).map(|n| n.to_u128()), Ok(Ok(ten38)));
        assert_eq!(
            Number::try_from(ten38 - 1).unwrap().significant_digits(),
            38
        );
        assert_eq!(n("-1e30").to_i128(), Ok(-(10i128.pow(30))));
    }

    #[test]
    fn float_conversions() {
        assert_eq!(Number::try_from(0.1f64).unwrap().to_string(), "0.1");
        assert_eq!(Number::try_from(0.1f32).unwrap().to_string(), "0.1");
        assert_eq!(
            Number::try_from(-2.5e-7f64).unwrap().to_string(),
            "-0.00000025"
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = Number::try_from(bad).unwrap_err();
            assert!(matches!(err, NumberError::NotFinite(_)), "{bad}");
            assert!(err.to_string().contains("must be finite"), "{err}");
        }
        assert!(matches!(
            Number::try_from(f32::NAN),
            Err(NumberError::NotFinite(_))
        ));
        assert_eq!(
            Number::try_from(f64::NEG_INFINITY).unwrap_err().to_string(),
            "-inf is not a number DynamoDB can store: numbers must be finite (not NaN or infinite)"
        );
        assert_eq!(Number::try_from(1e300f64), Err(NumberError::Overflow));
        assert_eq!(Number::try_from(-1e126f64), Err(NumberError::Overflow));
        assert_eq!(Number::try_from(f64::MAX), Err(NumberError::Overflow));
        assert_eq!(Number::try_from(1e-131f64), Err(NumberError::Underflow));
        assert_eq!(Number::try_from(5e-324f64), Err(NumberError::Underflow));
        // The ends of the range convert, to their shortest text.
        assert_eq!(Number::try_from(1e-130f64).unwrap(), n("1e-130"));
        assert_eq!(Number::try_from(9.99e125f64).unwrap(), n("9.99e125"));
        assert_eq!(Number::try_from(f32::MAX).unwrap(), n("3.4028235e38"));
        assert_eq!(Number::try_from(-0.0f64), Ok(Number::ZERO));
        assert_eq!(
            Number::try_from(1.0f64 / 3.0).unwrap().to_string(),
            "0.3333333333333333"
        );
        assert_eq!(
            Number::try_from(0.1f64 + 0.2).unwrap().to_string(),
            "0.30000000000000004"
        );
        assert_eq!(n("0.1").to_f64(), Ok(0.1));
        assert_eq!(n("-1.5e100").to_f64(), Ok(-1.5e100));
        assert_eq!(Number::try_from(0.0f64), Ok(Number::ZERO));
    }

    #[test]
    fn decimal_conversions() {
        let d: Decimal = "123.4500".parse().unwrap();
        let num = Number::from(d);
        assert_eq!(num.to_string(), "123.45");
        assert_eq!(num.to_decimal().unwrap(), d);
        assert_eq!(Number::from(Decimal::MAX).to_decimal(), Ok(Decimal::MAX));
        assert!(n(&"9".repeat(30)).to_decimal().is_err());
        assert!(n("1e-29").to_decimal().is_err());
        assert_eq!(n("-1e-28").to_decimal().unwrap(), Decimal::new(-1, 28));
    }

    #[test]
    fn storage_size_counts_aligned_pairs() {
        assert_eq!(Number::ZERO.storage_size(), 1);
        assert_eq!(n("1").storage_size(), 2);
        assert_eq!(n("10").storage_size(), 2);
        assert_eq!(n("100").storage_size(), 2);
        assert_eq!(n("123").storage_size(), 3);
        assert_eq!(n("1234").storage_size(), 3);
        assert_eq!(n("0.5").storage_size(), 2);
        assert_eq!(n("1.5").storage_size(), 3);
        assert_eq!(n("0.05").storage_size(), 2);
        assert_eq!(n(&"9".repeat(38)).storage_size(), 20);
        assert_eq!(n(&format!("9.{}", "9".repeat(37))).storage_size(), 21);
        assert_eq!(n("-42").storage_size(), 3);
        assert_eq!(n("-0").storage_size(), 1);
        assert_eq!(n("-1.5").storage_size(), 4);
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(n("0.1").checked_add(&n("0.2")), Ok(n("0.3")));
        assert_eq!(n("1").checked_sub(&n("1")), Ok(Number::ZERO));
        assert_eq!(n("-5").checked_add(&n("3")), Ok(n("-2")));
        assert_eq!(n("3").checked_sub(&n("5")), Ok(n("-2")));
        assert_eq!(
            n("1e100").checked_add(&n("1e-100")),
            Err(NumberError::TooManyDigits)
        );
        let nines = n(&"9".repeat(38));
        assert_eq!(nines.checked_add(&n("1")), Ok(n("1e38")));
        // Cancellation across a wide exponent gap still lands exactly.
        let a = n("1e40");
        let b = n(&format!("-{}e2", "9".repeat(38)));
        assert_eq!(a.checked_add(&b), Ok(n("100")));
        let max = n(&format!("9.{}E+125", "9".repeat(37)));
        assert_eq!(max.checked_add(&n("1e88")), Err(NumberError::Overflow));
        assert_eq!(n("1e-130").checked_sub(&n("1e-130")), Ok(Number::ZERO));
        assert_eq!(n("5").neg(), n("-5"));
        assert_eq!(Number::ZERO.neg().to_string(), "0");
    }
}
