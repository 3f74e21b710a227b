//! Property tests of the parsers of untrusted input outside the request guard:
//! credit codes, ID numbers, mobile numbers, region codes, import sheets and their cells.
//! None may panic on anything; valid values are accepted and one-character slips refused.

use chrono::NaiveDate;
use proptest::prelude::*;
use tongxin::domain::region_code::RegionCode;
use tongxin::domain::validate::credit_code::org_code_check_char;
use tongxin::domain::validate::{credit_code, id_number, phone};
use tongxin::service::bulk::{cells, export::columns_of, sheet};

/// The 31 characters of GB 32100 credit codes (no I, O, S, V, Z).
const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// A well-formed credit code: authority and type, a 6-digit division, an organisation-code
/// body with its own check character, then the outer check character.
fn credit_code() -> impl Strategy<Value = String> {
    let symbol = || prop::sample::select(CODE_CHARS.chars().collect::<Vec<_>>());
    (
        prop::collection::vec(symbol(), 2),
        "[0-9]{6}",
        prop::collection::vec(
            prop::sample::select(
                "0123456789ABCDEFGHJKLMNPQRTUWXY"
                    .chars()
                    .collect::<Vec<_>>(),
            ),
            8,
        ),
    )
        .prop_filter_map(
            "check characters from the code alphabet",
            |(head, division, org)| {
                let org: String = org.into_iter().collect();
                let org_check = org_code_check_char(&org)?;
                let first17 = format!(
                    "{}{division}{org}{org_check}",
                    head.into_iter().collect::<String>()
                );
                let check = credit_code::check_char(&first17)?;
                let code = format!("{first17}{check}");
                credit_code::validate(&code).is_ok().then_some(code)
            },
        )
}

/// An ID number: a Baiyin area code, a real birth date, a sequence, its check character.
fn id_number() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["620402", "620403", "620421", "620422", "620423"]),
        0i64..30_000,
        0u32..1000,
    )
        .prop_filter_map("a body with a check character", |(area, days, seq)| {
            let birth = NaiveDate::from_ymd_opt(1940, 1, 1)? + chrono::Duration::days(days);
            let body = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
            id_number::check_char(&body).map(|check| format!("{body}{check}"))
        })
}

/// Replaces the character at `at` by a different one from `alphabet`.
fn slip(code: &str, at: usize, pick: usize, alphabet: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    let at = at % chars.len();
    let others: Vec<char> = alphabet.chars().filter(|c| *c != chars[at]).collect();
    chars[at] = others[pick % others.len()];
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic_on_arbitrary_text(text in "\\PC{0,40}") {
        let _ = credit_code::validate(&text);
        let _ = id_number::validate(&text, today());
        let _ = id_number::from_legacy15(&text, today());
        let _ = phone::normalize_mobile(&text);
        let _ = RegionCode::parse(&text);
    }

    #[test]
    fn any_one_slip_in_a_valid_credit_code_is_caught(
        code in credit_code(), at in 0usize..18, pick in 0usize..31
    ) {
        let slipped = slip(&code, at, pick, CODE_CHARS);
        prop_assert!(credit_code::validate(&slipped).is_err(), "{} accepted", slipped);
    }

    #[test]
    fn valid_id_numbers_pass_and_any_one_digit_slip_is_caught(
        number in id_number(), at in 0usize..17, pick in 0usize..10
    ) {
        let parsed = id_number::validate(&number, today());
        prop_assert!(parsed.is_ok(), "{} refused: {:?}", number, parsed.err());
        let slipped = slip(&number, at, pick, "0123456789");
        prop_assert!(id_number::validate(&slipped, today()).is_err(), "{} accepted", slipped);
    }

    #[test]
    fn mobile_numbers_normalize_to_eleven_digits(rest in "[0-9]{9}", second in "[3-9]", spaced in any::<bool>()) {
        let plain = format!("1{second}{rest}");
        let input = if spaced { format!("+86 {} {} {}", &plain[..3], &plain[3..7], &plain[7..]) } else { plain.clone() };
        if let Ok(normalized) = phone::normalize_mobile(&input) {
            prop_assert_eq!(normalized, plain);
        }
    }

    #[test]
    fn region_codes_parse_to_twelve_digits_inside_their_parent(code in "6204(0[23]|2[123])[0-9]{6}") {
        if let Ok(region) = RegionCode::parse(&code) {
            prop_assert_eq!(region.as_str().len(), 12);
            if let Some(parent) = region.parent() {
                prop_assert!(parent.contains(region.as_str()));
            }
        }
    }

    #[test]
    fn import_sheets_and_cells_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), text in "\\PC{0,30}") {
        let _ = sheet::read(Some("upload.csv"), &bytes);
        let _ = sheet::read(Some("upload.xlsx"), &bytes);
        for kind in tongxin::service::bulk::RecordKind::ALL {
            for column in columns_of(kind) {
                let _ = cells::parse(column, &text);
            }
        }
    }
}
