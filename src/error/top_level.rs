//! Chinese for the top-level errors (`errors[].message`) of every transport: resolvers'
//! refusals, async-graphql's own coercion and validation errors, and the HTTP layer's
//! refusals before execution. The English message is the source: each Chinese message says
//! what the English one says, or less, never more (a refusal must not tell one hidden case
//! from another any better in Chinese than in English). `extensions.code` is never changed.

use super::code;

/// `(code, words of the English message, Chinese)`: the first rule whose code matches and
/// whose words all occur in the English message gives the Chinese; rules without words are
/// the code's fallback.
const RULES: &[(&str, &[&str], &str)] = &[
    (
        code::UNAUTHENTICATED,
        &["token"],
        "令牌无效、已过期或已被吊销，请重新登录",
    ),
    (code::UNAUTHENTICATED, &[], "请先登录后再访问"),
    (
        code::FORBIDDEN,
        &["EDITOR role or above"],
        "需要编辑及以上权限",
    ),
    (
        code::FORBIDDEN,
        &["ANALYST role or above"],
        "需要分析员及以上权限",
    ),
    (
        code::FORBIDDEN,
        &["duplicates"],
        "查看疑似重复记录需要该区划的编辑权限或管理员权限",
    ),
    (code::FORBIDDEN, &["admins"], "仅管理员可管理 API 令牌"),
    (
        code::FORBIDDEN,
        &["every region"],
        "无权修改所关联的全部区划的记录",
    ),
    (code::FORBIDDEN, &["region"], "无权修改该区划的记录"),
    (code::FORBIDDEN, &["PUBLIC role"], "该内容不向公众开放"),
    (code::FORBIDDEN, &["audit trail"], "无权查看审计记录"),
    (
        code::FORBIDDEN,
        &["disclosure control"],
        "该统计受披露控制，无权查看",
    ),
    (
        code::FORBIDDEN,
        &["sensitive field"],
        "无权按敏感字段分组或筛选人员",
    ),
    (code::FORBIDDEN, &["category"], "无权按统战类别筛选"),
    (code::FORBIDDEN, &[], "无权执行此操作"),
    (code::NOT_FOUND, &["import job"], "找不到该导入任务"),
    (code::NOT_FOUND, &[], "找不到所请求的记录"),
    (
        code::LIMIT_EXCEEDED,
        &["requestTimeoutMs"],
        "请求超过了时间限制，已停止执行",
    ),
    (
        code::LIMIT_EXCEEDED,
        &["bodyReadTimeoutMs"],
        "请求体未能在时限内传完",
    ),
    (
        code::LIMIT_EXCEEDED,
        &["rate limit"],
        "请求过于频繁，请稍后重试",
    ),
    (
        code::LIMIT_EXCEEDED,
        &["at once"],
        "服务器同时处理的请求已达上限，请稍后重试",
    ),
    (code::LIMIT_EXCEEDED, &["MiB"], "文件过大，请拆分后导入"),
    (code::LIMIT_EXCEEDED, &["body"], "请求体过大"),
    (code::LIMIT_EXCEEDED, &["maxDocumentBytes"], "查询语句过长"),
    (code::LIMIT_EXCEEDED, &["maxTokens"], "查询语句过长"),
    (code::LIMIT_EXCEEDED, &["maxDepth"], "查询嵌套层级过深"),
    (code::LIMIT_EXCEEDED, &["maxComplexity"], "查询过于复杂"),
    (
        code::LIMIT_EXCEEDED,
        &["maxSelections"],
        "查询选择的字段过多",
    ),
    (code::LIMIT_EXCEEDED, &["maxAliases"], "查询使用的别名过多"),
    (
        code::LIMIT_EXCEEDED,
        &["maxFragments"],
        "查询定义的片段过多",
    ),
    (
        code::LIMIT_EXCEEDED,
        &["maxDirectivesPerField"],
        "查询使用的指令过多",
    ),
    (code::LIMIT_EXCEEDED, &["batch"], "一次批量请求中的操作过多"),
    (
        code::LIMIT_EXCEEDED,
        &["subscriptions"],
        "一个连接上的订阅数已达上限",
    ),
    (code::LIMIT_EXCEEDED, &["groupBy"], "分组维度过多"),
    (
        code::LIMIT_EXCEEDED,
        &["ids per call"],
        "一次请求的 ID 过多",
    ),
    (code::LIMIT_EXCEEDED, &["at most"], "请求的条数超出上限"),
    (code::LIMIT_EXCEEDED, &["page size"], "请求的条数超出上限"),
    (code::LIMIT_EXCEEDED, &[], "超出服务限制"),
    (code::UNAVAILABLE, &["starting"], "服务正在启动，请稍后重试"),
    (code::UNAVAILABLE, &[], "服务暂时不可用，请稍后重试"),
    (code::INTERNAL, &[], "内部错误"),
    (code::BAD_USER_INPUT, &["Failed to parse"], "参数值无效"),
    (code::BAD_USER_INPUT, &["Invalid value"], "参数值无效"),
    (
        code::BAD_USER_INPUT,
        &["Unknown field"],
        "查询了不存在的字段",
    ),
    (
        code::BAD_USER_INPUT,
        &["Unknown argument"],
        "使用了不存在的参数",
    ),
    (code::BAD_USER_INPUT, &["Variable"], "变量有误"),
    (
        code::BAD_USER_INPUT,
        &["Unknown operation"],
        "找不到要执行的操作",
    ),
    (code::BAD_USER_INPUT, &["operation"], "操作有误"),
    (
        code::BAD_USER_INPUT,
        &["POST"],
        "修改操作只能以 POST 请求发送",
    ),
    (
        code::BAD_USER_INPUT,
        &["preflight"],
        "文件上传须带预检请求头",
    ),
    (
        code::BAD_USER_INPUT,
        &["Content-Type"],
        "不支持该请求内容类型",
    ),
    (
        code::BAD_USER_INPUT,
        &["GraphQL request"],
        "请求体不是有效的 GraphQL 请求",
    ),
    (code::BAD_USER_INPUT, &["cursor"], "分页游标无效"),
    (code::BAD_USER_INPUT, &["expected"], "查询语句有语法错误"),
    (code::BAD_USER_INPUT, &[], "请求有误"),
];

/// The Chinese message of a top-level error with `code` whose English message is `english`;
/// `None` for codes with their own convention (a persisted query's `PersistedQueryNotFound`,
/// which clients match on, or messages already in Chinese).
pub fn chinese(code: &str, english: &str, current_version: Option<i64>) -> Option<String> {
    if english.chars().any(is_han) {
        return None;
    }
    if code == code::VERSION_CONFLICT {
        return Some(match current_version {
            Some(version) => {
                format!("记录在您读取后已被他人修改（当前版本 {version}），请重新读取后再试")
            }
            None => "记录在您读取后已被他人修改，请重新读取后再试".to_owned(),
        });
    }
    let (_, _, zh) = RULES
        .iter()
        .find(|(c, words, _)| *c == code && words.iter().all(|w| english.contains(w)))?;
    let mut message = (*zh).to_owned();
    if code == code::LIMIT_EXCEEDED {
        let about: Vec<String> = [
            limit_in(english).map(|n| format!("上限 {n}")),
            setting_in(english),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !about.is_empty() {
            message.push_str(&format!("（{}）", about.join("，")));
        }
    }
    if code == code::BAD_USER_INPUT {
        let names = quoted(english);
        if !names.is_empty() {
            message.push_str(&format!("：{}", names.join("、")));
        }
    }
    Some(message)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The number after "limit of" or "at most" ("over the limit of 10", "at most 100"), with
/// its unit.
fn limit_in(english: &str) -> Option<String> {
    let (_, rest) = ["limit of ", "at most ", "page size of ", "more than "]
        .iter()
        .find_map(|marker| english.split_once(marker))?;
    let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if number.is_empty() {
        return None;
    }
    let after = &rest[number.len()..];
    Some(if after.starts_with(" ms") {
        format!("{number} 毫秒")
    } else if after.starts_with(" bytes") {
        format!("{number} 字节")
    } else if after.starts_with(" requests per minute") {
        format!("每分钟 {number} 次")
    } else {
        number
    })
}

/// The setting a limit's message ends with, e.g. `(maxDepth)`: the name operators configure.
fn setting_in(english: &str) -> Option<String> {
    let inside = english.trim_end().strip_suffix(')')?.rsplit_once('(')?.1;
    let is_name = inside
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && inside.chars().all(|c| c.is_ascii_alphanumeric());
    is_name.then(|| inside.to_owned())
}

/// The names an async-graphql message quotes (`"first"`, `"Int"`): schema names, which a
/// developer needs to find the mistake, in any language.
fn quoted(english: &str) -> Vec<String> {
    let mut names: Vec<String> = english
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 64
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|n| format!("“{n}”"))
        .collect();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_chinese_fallback() {
        for code in [
            code::BAD_USER_INPUT,
            code::NOT_FOUND,
            code::VERSION_CONFLICT,
            code::FORBIDDEN,
            code::UNAUTHENTICATED,
            code::LIMIT_EXCEEDED,
            code::UNAVAILABLE,
            code::INTERNAL,
        ] {
            let zh = chinese(code, "something else entirely", None);
            assert!(
                zh.as_deref().is_some_and(|m| m.chars().any(is_han)),
                "{code}"
            );
        }
    }

    #[test]
    fn limits_name_their_kind_and_number() {
        let zh = chinese(
            code::LIMIT_EXCEEDED,
            "the query is nested deeper than the depth limit of 12 levels (maxDepth)",
            None,
        );
        assert_eq!(zh.as_deref(), Some("查询嵌套层级过深（上限 12，maxDepth）"));
        let zh = chinese(
            code::LIMIT_EXCEEDED,
            "the request ran past the time limit of 15000 ms (requestTimeoutMs)",
            None,
        );
        assert_eq!(
            zh.as_deref(),
            Some("请求超过了时间限制，已停止执行（上限 15000 毫秒，requestTimeoutMs）")
        );
    }

    #[test]
    fn coercion_errors_keep_the_names_they_quote() {
        let zh = chinese(
            code::BAD_USER_INPUT,
            r#"Invalid value for argument "first", expected type "Int""#,
            None,
        );
        assert_eq!(zh.as_deref(), Some("参数值无效：“first”、“Int”"));
    }

    #[test]
    fn persisted_query_misses_and_chinese_messages_stay() {
        assert_eq!(
            chinese("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", None),
            None
        );
        assert_eq!(chinese(code::FORBIDDEN, "无权修改", None), None);
    }
}
