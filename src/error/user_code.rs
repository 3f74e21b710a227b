//! The catalogue of user-error codes: every code a mutation's `userErrors`, an import's row
//! errors, warnings and conflicts can carry, each with what it means and its message in
//! English and Chinese, declared once here so that a code and its message cannot drift.
//!
//! A message is the code's template with the field it concerns filled in (the API name in
//! English, the field's Chinese label in Chinese), followed by the call site's detail when
//! there is one: which digit, which record, which rule.

use super::field_label;

macro_rules! catalogue {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $name:literal { en: $en:literal, zh: $zh:literal }
    )+) => {
        /// Stable machine-readable codes of field-level and row-level problems a caller can
        /// fix; each comes with a message in the caller's language.
        #[derive(
            async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum UserErrorCode {
            $(
                $(#[doc = $doc])+
                #[graphql(name = $name)]
                #[serde(rename = $name)]
                $variant,
            )+
        }

        impl UserErrorCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The code as clients read it, e.g. `ID_NUMBER_CHECKSUM`.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }

            /// The message template in English and Chinese; `{field}` stands for the field.
            pub fn template(self) -> (&'static str, &'static str) {
                match self { $(Self::$variant => ($en, $zh)),+ }
            }
        }
    };
}

catalogue! {
    /// A required value is missing, or a value that needs another one lacks it.
    Required = "REQUIRED" { en: "{field} is required", zh: "{field}为必填项" }
    /// The value does not apply in this case (e.g. a closing date for an open case).
    NotApplicable = "NOT_APPLICABLE" { en: "{field} does not apply here", zh: "{field}不适用" }
    /// A number lies outside its allowed range.
    OutOfRange = "OUT_OF_RANGE" { en: "{field} is out of range", zh: "{field}超出允许范围" }
    /// A value that must not be negative is negative.
    Negative = "NEGATIVE" { en: "{field} must not be negative", zh: "{field}不能为负数" }
    /// A value that must be more than zero is not.
    NotPositive = "NOT_POSITIVE" { en: "{field} must be more than zero", zh: "{field}须大于零" }
    /// Text is shorter or longer than allowed.
    TextLength = "TEXT_LENGTH" { en: "{field} has the wrong length", zh: "{field}长度不符合要求" }
    /// A name holds characters a name may not hold.
    NameCharacters = "NAME_CHARACTERS" { en: "{field} holds characters a name may not", zh: "{field}含有不允许的字符" }
    /// An address is not an http:// or https:// address.
    UrlFormat = "URL_FORMAT" { en: "{field} is not a web address", zh: "{field}不是有效网址" }
    /// Two values exclude each other.
    MutuallyExclusive = "MUTUALLY_EXCLUSIVE" { en: "{field} cannot be given together with another value", zh: "{field}不能与另一项同时填写" }
    /// An end date lies before its start date.
    DateOrder = "DATE_ORDER" { en: "{field} is before the start date", zh: "{field}早于开始日期" }
    /// A date lies in the future.
    DateInFuture = "DATE_IN_FUTURE" { en: "{field} is in the future", zh: "{field}不能晚于今天" }
    /// A birth date lies before 1900 or after today.
    BirthDateRange = "BIRTH_DATE_RANGE" { en: "{field} is not a plausible birth date", zh: "{field}不是合理的出生日期" }
    /// The birth date differs from the one the ID number encodes.
    BirthDateMismatch = "BIRTH_DATE_MISMATCH" { en: "{field} does not match the ID number", zh: "{field}与公民身份号码不一致" }
    /// The gender differs from the one the ID number encodes.
    GenderMismatch = "GENDER_MISMATCH" { en: "{field} does not match the ID number", zh: "{field}与公民身份号码不一致" }
    /// An ethnicity is not one of the 56 groups of GB/T 3304.
    EthnicityUnknown = "ETHNICITY_UNKNOWN" { en: "{field} is not a known ethnic group", zh: "{field}不是有效的民族" }
    /// An ID number does not have the form of a resident identity number.
    IdNumberFormat = "ID_NUMBER_FORMAT" { en: "{field} is not a valid ID number", zh: "{field}格式错误" }
    /// A 15-digit ID number of the first generation: the 18-digit form is needed (or, in an
    /// import, was derived and should be checked).
    IdNumberLegacy15 = "ID_NUMBER_LEGACY_15" { en: "{field} is a 15-digit ID number of the first generation", zh: "{field}是 15 位旧身份证号" }
    /// The check digit of an ID number is wrong.
    IdNumberChecksum = "ID_NUMBER_CHECKSUM" { en: "the check digit of {field} is wrong", zh: "{field}校验码错误" }
    /// The first two digits of an ID number are no province.
    IdNumberProvince = "ID_NUMBER_PROVINCE" { en: "{field} does not start with a province code", zh: "{field}开头不是有效的省级代码" }
    /// The birth date inside an ID number is no real or plausible date.
    IdNumberBirthDate = "ID_NUMBER_BIRTH_DATE" { en: "the birth date in {field} is not valid", zh: "{field}中的出生日期无效" }
    /// A phone number is not an 11-digit mainland mobile number.
    PhoneFormat = "PHONE_FORMAT" { en: "{field} is not a mobile number", zh: "{field}不是有效的手机号码" }
    /// A landline number was given where a mobile number is needed.
    PhoneLandline = "PHONE_LANDLINE" { en: "{field} is a landline number", zh: "{field}是固定电话号码" }
    /// A 13-digit IoT number was given where a mobile number is needed.
    PhoneIot = "PHONE_IOT" { en: "{field} is an IoT number", zh: "{field}是物联网卡号" }
    /// A long number was rounded by a spreadsheet (scientific notation): its last digits are lost.
    NumberPrecision = "NUMBER_PRECISION" { en: "{field} was rounded by the spreadsheet", zh: "{field}已被表格软件四舍五入" }
    /// A credit code does not have the form of a unified social credit code.
    CreditCodeFormat = "CREDIT_CODE_FORMAT" { en: "{field} is not a valid credit code", zh: "{field}格式错误" }
    /// The check character of the organization code inside a credit code is wrong.
    CreditCodeOrgChecksum = "CREDIT_CODE_ORG_CHECKSUM" { en: "the organization code check of {field} is wrong", zh: "{field}中组织机构代码的校验码错误" }
    /// The check character of a credit code is wrong.
    CreditCodeChecksum = "CREDIT_CODE_CHECKSUM" { en: "the check character of {field} is wrong", zh: "{field}校验码错误" }
    /// A region code does not have the form of one.
    RegionCodeFormat = "REGION_CODE_FORMAT" { en: "{field} is not a region code", zh: "{field}不是有效的区划代码" }
    /// No region has this code.
    RegionUnknown = "REGION_UNKNOWN" { en: "{field} names no region", zh: "{field}不存在" }
    /// A region of the wrong level (e.g. a township where a village is needed).
    RegionLevel = "REGION_LEVEL" { en: "{field} is a region of the wrong level", zh: "{field}级别不符" }
    /// No region has this name.
    RegionNotFound = "REGION_NOT_FOUND" { en: "{field} names no region", zh: "{field}对应的区划不存在" }
    /// Several regions have this name.
    AmbiguousRegion = "AMBIGUOUS_REGION" { en: "{field} names several regions", zh: "{field}对应多个区划" }
    /// A value is not one of the allowed ones.
    InvalidEnum = "INVALID_ENUM" { en: "{field} is not one of the allowed values", zh: "{field}不是可选的值" }
    /// A cell is not a date.
    InvalidDate = "INVALID_DATE" { en: "{field} is not a date", zh: "{field}不是有效日期" }
    /// A cell is not a whole number.
    InvalidNumber = "INVALID_NUMBER" { en: "{field} is not a whole number", zh: "{field}不是整数" }
    /// A cell is not yes or no.
    InvalidBoolean = "INVALID_BOOLEAN" { en: "{field} is not yes or no", zh: "{field}应为是或否" }
    /// A cell is not an amount of money.
    InvalidAmount = "INVALID_AMOUNT" { en: "{field} is not an amount", zh: "{field}不是有效金额" }
    /// A value was masked in an export and cannot be written back.
    MaskedValue = "MASKED_VALUE" { en: "{field} is masked", zh: "{field}是脱敏后的值" }
    /// An id is not an id of the expected type.
    InvalidId = "INVALID_ID" { en: "{field} is not a valid id", zh: "{field}不是有效的 ID" }
    /// The record named does not exist (or is deleted).
    NotFound = "NOT_FOUND" { en: "{field} names no record", zh: "{field}指向的记录不存在" }
    /// A referenced record is of the wrong kind.
    WrongKind = "WRONG_KIND" { en: "{field} is of the wrong kind", zh: "{field}的类型不符" }
    /// A cell names no single live record.
    ReferenceNotFound = "REFERENCE_NOT_FOUND" { en: "{field} names no single record", zh: "{field}找不到唯一对应的记录" }
    /// The record this one belongs to is deleted.
    ReferenceDeleted = "REFERENCE_DELETED" { en: "the record {field} belongs to is deleted", zh: "所属记录已删除" }
    /// The record's parent is deleted: restore the parent first.
    ParentDeleted = "PARENT_DELETED" { en: "the parent record is deleted", zh: "上级记录已删除" }
    /// Other records still point at this one.
    HasReferences = "HAS_REFERENCES" { en: "other records still refer to this one", zh: "仍有其他记录引用该记录" }
    /// Another record already has this unique value.
    Duplicate = "DUPLICATE" { en: "{field} is already used", zh: "{field}已被使用" }
    /// An organization of this name is already recorded in the region.
    DuplicateOrganization = "DUPLICATE_ORGANIZATION" { en: "{field}: the organization is already recorded", zh: "该组织已有记录" }
    /// The person already has a membership of this organization in an overlapping period.
    DuplicateMembership = "DUPLICATE_MEMBERSHIP" { en: "the membership is already recorded", zh: "该成员关系已有记录" }
    /// The person already holds this role here in an overlapping period.
    DuplicateAssignment = "DUPLICATE_ASSIGNMENT" { en: "the assignment is already recorded", zh: "该任职已有记录" }
    /// The two records are already linked.
    DuplicateLink = "DUPLICATE_LINK" { en: "the link is already recorded", zh: "该关联已有记录" }
    /// The account already has a measurement on that date.
    DuplicateMeasurement = "DUPLICATE_MEASUREMENT" { en: "the measurement is already recorded", zh: "该记录已存在" }
    /// A village already has a liaison officer in that period.
    LiaisonOfficerTaken = "LIAISON_OFFICER_TAKEN" { en: "the village already has a liaison officer", zh: "该村已有联络员" }
    /// The input may describe a record that already exists; a warning, never a refusal.
    LikelyDuplicate = "LIKELY_DUPLICATE" { en: "possible duplicate", zh: "可能重复" }
    /// A status change that is not allowed from the current status.
    InvalidTransition = "INVALID_TRANSITION" { en: "{field}: this change of status is not allowed", zh: "不允许的状态变更" }
    /// The record has ended already.
    AlreadyEnded = "ALREADY_ENDED" { en: "already ended", zh: "已经结束" }
    /// A re-election's term is not later than the current one.
    TermNotNewer = "TERM_NOT_NEWER" { en: "{field} is not later than the current term", zh: "{field}不晚于当前届次" }
    /// An organization would become its own ancestor.
    Cycle = "CYCLE" { en: "{field} would make a cycle", zh: "{field}会形成循环" }
    /// The person is not a network figure.
    NotAnInfluencer = "NOT_AN_INFLUENCER" { en: "{field} is not a network figure", zh: "{field}不是网络人士" }
    /// A record cannot be merged into itself.
    SameRecord = "SAME_RECORD" { en: "{field} is the same record", zh: "不能与同一条记录合并" }
    /// A field cannot be chosen when merging.
    UnknownField = "UNKNOWN_FIELD" { en: "{field} names a field that cannot be chosen", zh: "所选字段不可选" }
    /// The record was not merged into another, so there is nothing to undo.
    NotMerged = "NOT_MERGED" { en: "not merged", zh: "未被合并" }
    /// A row's record version is not a version number.
    InvalidVersion = "INVALID_VERSION" { en: "{field} is not a record version", zh: "{field}不是有效的版本号" }
    /// Two rows of a file are about the same record.
    DuplicateRow = "DUPLICATE_ROW" { en: "duplicate row", zh: "重复的行" }
    /// Rows name one organization with different keys.
    MixedKeys = "MIXED_KEYS" { en: "rows name one organization differently", zh: "同一组织的行编码不一致" }
    /// A cell names several records.
    AmbiguousMatch = "AMBIGUOUS_MATCH" { en: "{field} matches several records", zh: "{field}对应多条记录" }
    /// Two columns of a file have the same header.
    DuplicateColumn = "DUPLICATE_COLUMN" { en: "two columns are {field}", zh: "有两列都是{field}" }
    /// A required column is missing from the header.
    MissingColumn = "MISSING_COLUMN" { en: "the required column {field} is missing", zh: "缺少必填列{field}" }
    /// A column is not in the template (its values are not read).
    UnknownColumn = "UNKNOWN_COLUMN" { en: "unknown column", zh: "未知的列" }
    /// Columns not in the template were skipped; a warning.
    IgnoredColumn = "IGNORED_COLUMN" { en: "columns ignored", zh: "已忽略的列" }
    /// A total, signature or note row was skipped; a warning.
    IgnoredRow = "IGNORED_ROW" { en: "row ignored", zh: "已忽略的行" }
    /// A change an import made was kept when it was undone, since someone changed the record since.
    NotUndone = "NOT_UNDONE" { en: "not undone", zh: "未撤销" }
    /// Conflict: the matched record is deleted; confirming the row restores it.
    RecordDeleted = "RECORD_DELETED" { en: "the record is deleted", zh: "记录已删除" }
    /// Conflict: the record changed since the file was exported.
    StaleVersion = "STALE_VERSION" { en: "the record changed since the export", zh: "记录在导出后已被修改" }
    /// Conflict: the record changed after the file's stated date.
    ChangedSince = "CHANGED_SINCE" { en: "the record changed after the file's date", zh: "记录在文件日期之后被修改" }
    /// Conflict: the row names the matched record differently.
    NameMismatch = "NAME_MISMATCH" { en: "the name differs", zh: "名称不一致" }
    /// Conflict: the row would move the record to another county.
    CountyMismatch = "COUNTY_MISMATCH" { en: "the county differs", zh: "县区不一致" }
    /// A row refused as a whole: the caller may not change records in that region.
    Forbidden = "FORBIDDEN" { en: "not allowed", zh: "无权修改该区划的记录" }
    /// A row refused as a whole: the record changed while the import ran.
    VersionConflict = "VERSION_CONFLICT" { en: "the record was changed by someone else meanwhile; retry", zh: "记录在导入期间已被他人修改，请重试" }
    /// A row refused as a whole for its input.
    BadUserInput = "BAD_USER_INPUT" { en: "the row cannot be imported", zh: "该行无法导入" }
    /// A row that could not be written for a reason on the server's side; retry.
    Internal = "INTERNAL" { en: "internal error", zh: "内部错误" }
    /// A row that could not be written because the database is unavailable; retry shortly.
    Unavailable = "UNAVAILABLE" { en: "the service is temporarily unavailable", zh: "服务暂时不可用" }
}

/// Compares with a code as clients read it: `code == "REQUIRED"`.
impl PartialEq<&str> for UserErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for UserErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl std::fmt::Display for UserErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl UserErrorCode {
    /// The code of a whole-row refusal carrying `code` (one of `error::code`).
    pub fn of_refusal(code: &str) -> Self {
        match code {
            super::code::FORBIDDEN | super::code::UNAUTHENTICATED => Self::Forbidden,
            super::code::VERSION_CONFLICT => Self::VersionConflict,
            super::code::NOT_FOUND => Self::NotFound,
            super::code::BAD_USER_INPUT => Self::BadUserInput,
            super::code::UNAVAILABLE => Self::Unavailable,
            _ => Self::Internal,
        }
    }

    /// The message about `subject` in English and Chinese: the template, then `detail`.
    pub fn message(self, subject: Subject<'_>, detail: (&str, &str)) -> (String, String) {
        let (en, zh) = self.template();
        let en = en.replace("{field}", &subject.en());
        let zh = zh.replace("{field}", &subject.zh());
        (joined(en, detail.0, ": "), joined(zh, detail.1, "："))
    }
}

fn joined(headline: String, detail: &str, separator: &str) -> String {
    if detail.is_empty() {
        headline
    } else {
        format!("{headline}{separator}{detail}")
    }
}

/// What a message is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// An input field by its API name (`idNumber`): its Chinese label in Chinese.
    Field(&'a str),
    /// A spreadsheet column by its header (公民身份号码), the same in both languages.
    Column(&'a str),
    /// The input or row as a whole.
    Whole,
}

impl Subject<'_> {
    fn en(self) -> String {
        match self {
            Self::Field(name) => name.to_owned(),
            Self::Column(header) => format!("“{header}”"),
            Self::Whole => "the value".to_owned(),
        }
    }

    fn zh(self) -> String {
        match self {
            Self::Field(name) => field_label::zh(name).unwrap_or("该项").to_owned(),
            Self::Column(header) => format!("“{header}”"),
            Self::Whole => "该项".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Latin words of three letters or more, other than the ones a Chinese clerk reads too.
    fn english_words(text: &str) -> Vec<String> {
        const KNOWN: &[&str] = &[
            "Excel", "GB", "YYYY", "MM", "DD", "IoT", "ID", "http", "https",
        ];
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && !KNOWN.contains(w))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_code_has_messages_in_both_languages_and_no_english_in_chinese() {
        for code in UserErrorCode::ALL {
            let (en, zh) = code.template();
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{code}");
            for subject in [
                Subject::Field("idNumber"),
                Subject::Field("hostOrganization"),
                Subject::Column("公民身份号码"),
                Subject::Whole,
            ] {
                let (en, zh) = code.message(subject, ("", ""));
                assert!(
                    !en.contains('{') && !zh.contains('{'),
                    "{code}: {en} / {zh}"
                );
                assert!(english_words(&zh).is_empty(), "{code}: {zh}");
            }
        }
    }

    #[test]
    fn chinese_messages_name_fields_by_their_labels() {
        let (en, zh) = UserErrorCode::Duplicate.message(Subject::Field("idNumber"), ("", ""));
        assert_eq!(en, "idNumber is already used");
        assert_eq!(zh, "公民身份号码已被使用");
        let (_, zh) = UserErrorCode::IdNumberChecksum
            .message(Subject::Field("idNumber"), ("…", "第 18 位应为“7”"));
        assert_eq!(zh, "公民身份号码校验码错误：第 18 位应为“7”");
    }

    #[test]
    fn codes_serialize_to_their_wire_names() {
        for code in UserErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap_or_default();
            assert_eq!(json, serde_json::Value::from(code.as_str()));
            let value = async_graphql::resolver_utils::enum_value(*code);
            assert_eq!(value.to_string(), code.as_str());
        }
    }
}
