//! `np.result_type(A, B, C, …)` over dtypes and Python scalars (NEP 50), and what an operation
//! does with each Python scalar (tests/data/promotion.json, written by
//! scripts/golden/golden_promotion.py), against npmem's core.

use npmem::cast::promote::{
    Conversion, Converted, Operand, Outcome, conversions, parse_operand, result_type_of,
};
use npmem::dtype::Platform;
use serde_json::{Value, json};

use crate::support::{assert_no_mismatches, read_json};

const P: Platform = Platform::LINUX_X86_64;

fn value_json(v: &Converted) -> Value {
    match v {
        Converted::Int(n) => json!(n.to_string()),
        Converted::Float(f) => json!(Converted::text(f)),
        Converted::Complex { real, imag } => {
            json!({"real": Converted::text(real), "imag": Converted::text(imag)})
        }
        Converted::NaT => json!("NaT"),
    }
}

fn add_json(o: &Outcome) -> Value {
    match o {
        Outcome::Raises(e) => json!({"error": e.exception, "message": e.message}),
        Outcome::Runs(ws) => {
            let ws: Vec<String> = ws
                .iter()
                .map(|w| format!("{}: {}", w.exception, w.message))
                .collect();
            json!({ "warnings": ws })
        }
    }
}

fn check(record: &Value, mismatches: &mut Vec<String>) {
    let texts: Vec<&str> = record["operands"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let label = texts.join(" ");
    let short = if label.chars().count() > 160 {
        format!("{}…", label.chars().take(160).collect::<String>())
    } else {
        label
    };
    let operands: Result<Vec<Operand>, String> = texts
        .iter()
        .map(|t| parse_operand(t, P).map_err(|e| format!("{t}: {e}")))
        .collect();
    let operands = match operands {
        Ok(o) => o,
        Err(e) => {
            mismatches.push(format!("[{short}]: npmem cannot read an operand: {e}"));
            return;
        }
    };
    let numpy = &record["result_type"];
    let ours = result_type_of(&operands, P);
    match (&ours, numpy.get("error")) {
        (Ok(d), None) => {
            let (name, str_) = (d.name(), d.typestr());
            if json!(name) != numpy["name"] || json!(str_) != numpy["str"] {
                mismatches.push(format!(
                    "[{short}]: npmem {name} ({str_}), numpy {} ({})",
                    numpy["name"], numpy["str"]
                ));
                return;
            }
        }
        (Err(e), Some(kind)) => {
            if json!(e.exception) != *kind || json!(e.message) != numpy["message"] {
                mismatches.push(format!(
                    "[{short}]: npmem raises {}: {:?}\n      numpy raises {kind}: {}",
                    e.exception, e.message, numpy["message"]
                ));
            }
            return;
        }
        (Ok(d), Some(_)) => {
            mismatches.push(format!(
                "[{short}]: npmem {}, numpy raises {}",
                d.name(),
                numpy["message"]
            ));
            return;
        }
        (Err(e), None) => {
            mismatches.push(format!(
                "[{short}]: npmem raises {:?}, numpy {}",
                e.message, numpy["name"]
            ));
            return;
        }
    }
    let Ok(result) = ours else { return };
    let convs: Vec<Conversion> = conversions(&operands, &result);
    let expected = record["scalars"].as_array().cloned().unwrap_or_default();
    if convs.len() != expected.len() {
        mismatches.push(format!(
            "[{short}]: npmem converts {} scalars, numpy {}",
            convs.len(),
            expected.len()
        ));
        return;
    }
    for (c, e) in convs.iter().zip(&expected) {
        let text = texts[c.operand];
        let add = add_json(&c.add);
        let value = c.value.as_ref().map_or(Value::Null, value_json);
        if json!(text) != e["operand"] || add != e["add"] || value != e["value"] {
            mismatches.push(format!(
                "[{short}] → {}: scalar {text}: npmem add {add} value {value}\n      numpy add {} value {}",
                result.name(),
                e["add"],
                e["value"]
            ));
        }
    }
}

fn check_group(ml: bool) {
    let data = read_json("promotion.json");
    let records = data["cases"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for r in &records {
        if (r["group"] == "ml_dtypes") != ml {
            continue;
        }
        checked += 1;
        check(r, &mut mismatches);
    }
    assert_no_mismatches("result_type cases", checked, &mismatches);
}

#[test]
fn result_type_and_scalar_conversions_match_numpy() {
    check_group(false);
}

#[test]
fn result_type_with_ml_dtypes_matches_numpy() {
    check_group(true);
}

/// The N-ary engine on two dtypes is `np.result_type(a, b)`: every pair of casting.json.
#[test]
fn two_dtypes_match_casting_json() {
    let data = read_json("casting.json");
    let records = data["promotion"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    for r in &records {
        let (a, b) = (r["a"].as_str().unwrap_or(""), r["b"].as_str().unwrap_or(""));
        let ops: Vec<Operand> = [a, b]
            .iter()
            .filter_map(|t| npmem::dtype::parse(t, P).ok().map(Operand::DType))
            .collect();
        let numpy = &r["result_type"];
        match (result_type_of(&ops, P), numpy.get("error")) {
            (Ok(d), None) if json!(d.typestr()) == numpy["str"] => {}
            (Err(e), Some(_)) if json!(e.message) == numpy["message"] => {}
            (ours, _) => mismatches.push(format!(
                "{a} + {b}: npmem {:?}, numpy {numpy}",
                ours.map(|d| d.typestr()).map_err(|e| e.message)
            )),
        }
    }
    assert_no_mismatches("dtype pairs", records.len(), &mismatches);
}
