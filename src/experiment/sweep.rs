//! The design of a parameter sweep: which values each varied parameter takes,
//! and the grid of points they make.
//!
//! Values stay as the text the user wrote (they are TOML values, applied as
//! overrides), but each must be a number, so a typo cannot silently become a
//! string.

/// One varied parameter: its dotted path and the values it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The override path, e.g. `alliances.*.reliability`.
    pub path: String,
    /// The values, as TOML number literals.
    pub values: Vec<String>,
}

/// Most points a single axis may have.
pub const MAX_POINTS: usize = 10_000;

/// Parses `a,b,c`: a comma-separated list of numbers.
pub fn parse_values(text: &str) -> Result<Vec<String>, String> {
    let values: Vec<String> = text.split(',').map(|v| v.trim().to_string()).collect();
    if text.trim().is_empty() {
        return Err("no values given; write them as --values 0,0.5,1".to_string());
    }
    for v in &values {
        if v.is_empty() {
            return Err(format!(
                "an empty value in {text:?}; write them as --values 0,0.5,1"
            ));
        }
        if !is_number(v) {
            return Err(format!("{v:?} is not a number"));
        }
    }
    if values.len() > MAX_POINTS {
        return Err(format!(
            "{} values; at most {MAX_POINTS} are allowed",
            values.len()
        ));
    }
    Ok(values)
}

/// Parses `start:stop:step` into the values start, start+step, … up to stop (inclusive).
pub fn parse_range(text: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let [start, stop, step] = parts[..] else {
        return Err(format!("{text:?} is not start:stop:step, e.g. 0:1:0.25"));
    };
    let num = |s: &str| -> Result<f64, String> {
        s.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("{s:?} in {text:?} is not a finite number"))
    };
    let (a, b, h) = (num(start)?, num(stop)?, num(step)?);
    if h <= 0.0 {
        return Err(format!("the step in {text:?} must be greater than 0"));
    }
    if b < a {
        return Err(format!("the stop in {text:?} is below the start"));
    }
    let count = ((b - a) / h + 1e-9).floor() + 1.0;
    if count > MAX_POINTS as f64 {
        return Err(format!(
            "{text:?} makes {count} points; at most {MAX_POINTS} are allowed"
        ));
    }
    let all_integers = [start, stop, step].iter().all(|s| s.parse::<i64>().is_ok());
    Ok((0..count as usize)
        .map(|k| {
            let x = a + k as f64 * h;
            if all_integers {
                format!("{}", x.round() as i64)
            } else {
                // Rounded to 12 significant digits so 0.1 steps print as 0.3, not 0.30000000000000004.
                let digits = 11 - x.abs().log10().floor().max(-300.0) as i32;
                let scale = 10f64.powi(digits.clamp(0, 300));
                let r = (x * scale).round() / scale;
                let s = format!("{r}");
                if s.contains('.') || s.contains('e') {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        })
        .collect())
}

fn is_number(v: &str) -> bool {
    v.parse::<i64>().is_ok() || v.parse::<f64>().is_ok_and(|x| x.is_finite())
}

/// Every point of the grid, as one value index per axis; the last axis varies fastest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<usize>> {
    let mut points = vec![vec![]];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..axis.values.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_must_be_numbers() {
        assert_eq!(parse_values("0, 0.5,1").unwrap(), vec!["0", "0.5", "1"]);
        assert!(parse_values("").is_err());
        assert!(parse_values("0,,1").is_err());
        assert!(
            parse_values("0,abc")
                .unwrap_err()
                .contains("\"abc\" is not a number")
        );
        assert!(parse_values("nan").is_err());
    }

    #[test]
    fn ranges_include_the_stop_and_print_cleanly() {
        assert_eq!(
            parse_range("0:1:0.25").unwrap(),
            vec!["0.0", "0.25", "0.5", "0.75", "1.0"]
        );
        assert_eq!(parse_range("0:1:0.1").unwrap()[3], "0.3");
        assert_eq!(parse_range("0:1:0.1").unwrap().len(), 11);
        assert_eq!(parse_range("10:50:20").unwrap(), vec!["10", "30", "50"]);
        assert!(parse_range("0:1").is_err());
        assert!(parse_range("0:1:0").is_err());
        assert!(parse_range("1:0:0.1").is_err());
        assert!(parse_range("0:1e9:1e-9").is_err());
    }

    #[test]
    fn grids_vary_the_last_axis_fastest() {
        let axes = [
            Axis {
                path: "a".into(),
                values: vec!["1".into(), "2".into()],
            },
            Axis {
                path: "b".into(),
                values: vec!["x".into(), "y".into(), "z".into()],
            },
        ];
        let g = grid(&axes);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![0, 0]);
        assert_eq!(g[1], vec![0, 1]);
        assert_eq!(g[5], vec![1, 2]);
    }
}
