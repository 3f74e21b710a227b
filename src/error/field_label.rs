//! The Chinese names of input fields, so that a Chinese message names a field as a clerk
//! knows it (公民身份号码), never by its API name (`idNumber`).

/// The Chinese label of the input field `name`, if it has one.
pub fn zh(name: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(field, _)| *field == name)
        .map(|(_, label)| *label)
}

const LABELS: &[(&str, &str)] = &[
    ("acceptedOn", "受理日期"),
    ("activity", "活动"),
    ("address", "地址"),
    ("adoptedOn", "采纳日期"),
    ("amount", "金额"),
    ("amountInDispute", "争议金额"),
    ("annualIncrease", "年增收"),
    ("asOf", "文件日期"),
    ("audiencePersonTimes", "受众人次"),
    ("author", "建言人"),
    ("birthDate", "出生日期"),
    ("budget", "预算"),
    ("campaign", "行动"),
    ("caseNo", "案号"),
    ("cash", "现金"),
    ("categories", "类别"),
    ("category", "类别"),
    ("chair", "负责人"),
    ("channel", "渠道"),
    ("closedOn", "结案日期"),
    ("confirmRows", "确认的行"),
    ("creditCode", "统一社会信用代码"),
    ("description", "说明"),
    ("donatedOn", "捐赠日期"),
    ("donations", "捐赠"),
    ("donorOrganization", "捐赠组织"),
    ("donorPerson", "捐赠人"),
    ("dpLevel", "组织层级"),
    ("dryRun", "试运行"),
    ("education", "学历"),
    ("endLinks", "结束的关联"),
    ("endOn", "结束日期"),
    ("endedOn", "结束日期"),
    ("enterprise", "企业"),
    ("establishedOn", "成立日期"),
    ("ethnicity", "民族"),
    ("expectedPlan", "预期计划"),
    ("expectedVersion", "版本号"),
    ("expectedVersions", "版本号"),
    ("expiresAt", "过期时间"),
    ("featuredRegion", "重点区划"),
    ("featuredStory", "重点报道"),
    ("field", "字段"),
    ("fieldChoices", "字段取舍"),
    ("figureKinds", "网络人士类型"),
    ("file", "文件"),
    ("focus", "兴村形式"),
    ("followerCount", "粉丝数"),
    ("gender", "性别"),
    ("handle", "账号"),
    ("headName", "户主姓名"),
    ("heldOn", "举办日期"),
    ("hostOrganization", "依托组织"),
    ("household", "农户"),
    ("id", "记录"),
    ("idNumber", "公民身份号码"),
    ("inKind", "物资折价"),
    ("industryCode", "行业代码"),
    ("influencer", "网络人士"),
    ("investment", "投资额"),
    ("isKeyEnterprise", "是否重点企业"),
    ("isRepresentative", "是否代表人士"),
    ("jobTitle", "职务"),
    ("jobsCreated", "带动就业人数"),
    ("judiciallyConfirmed", "司法确认"),
    ("keep", "保留的记录"),
    ("kind", "类型"),
    ("latitude", "纬度"),
    ("livelihoodProject", "民生实事项目"),
    ("longitude", "经度"),
    ("measuredOn", "统计日期"),
    ("memberCount", "家庭人口数"),
    ("mode", "方式"),
    ("name", "名称"),
    ("note", "备注"),
    ("openedOn", "开始日期"),
    ("organization", "组织"),
    ("organizer", "主办组织"),
    ("outlet", "媒体"),
    ("outletKind", "媒体类型"),
    ("outletLevel", "媒体级别"),
    ("ownership", "所有制"),
    ("parent", "上级组织"),
    ("participantCount", "参加人数"),
    ("participants", "参加人员"),
    ("partners", "合作方"),
    ("party", "所属党派"),
    ("periodEnd", "期末"),
    ("periodStart", "期初"),
    ("person", "人员"),
    ("phone", "手机号码"),
    ("place", "阵地"),
    ("platform", "平台"),
    ("politicalStatus", "政治面貌"),
    ("pressingConcern", "急难愁盼问题"),
    ("producedOn", "制作日期"),
    ("productCategory", "产品类别"),
    ("publishedOn", "发布日期"),
    ("purchases", "采购"),
    ("region", "区划"),
    ("religion", "宗教信仰"),
    ("remove", "并入的记录"),
    ("replaceCurrent", "替换现任"),
    ("repliedOn", "答复日期"),
    ("responsibleOrganization", "承办组织"),
    ("role", "角色"),
    ("series", "系列"),
    ("since", "起始日期"),
    ("startOn", "开始日期"),
    ("startedOn", "开始日期"),
    ("status", "状态"),
    ("submittedOn", "提交日期"),
    ("submittingOrganization", "提交组织"),
    ("subtype", "纠纷类型"),
    ("summary", "摘要"),
    ("targetVillageType", "结对村类型"),
    ("termEnd", "任期结束"),
    ("termNumber", "届次"),
    ("termStart", "任期开始"),
    ("theme", "主题"),
    ("title", "标题"),
    ("until", "截止日期"),
    ("url", "网址"),
    ("verified", "是否认证"),
    ("views", "浏览量"),
    ("village", "村"),
    ("waitSeconds", "等待秒数"),
    ("work", "工作"),
    ("workUnit", "工作单位"),
    ("year", "年份"),
];

#[cfg(test)]
mod tests {
    /// Every field of every mutation input in the schema has a Chinese label, in Chinese.
    #[test]
    fn every_input_field_has_a_chinese_label() {
        let schema = include_str!("../../schema.graphql");
        let mut in_input = false;
        let mut in_description = false;
        for line in schema.lines() {
            if line.trim() == "\"\"\"" {
                in_description = !in_description;
                continue;
            }
            if in_description || line.trim_start().starts_with('"') {
                continue;
            }
            if line.starts_with("input ") {
                in_input = line
                    .split_whitespace()
                    .nth(1)
                    .is_some_and(|n| n.ends_with("Input"));
            } else if line.starts_with('}') {
                in_input = false;
            } else if in_input
                && let Some((name, _)) = line.strip_prefix('\t').and_then(|l| l.split_once(':'))
                && !name.starts_with(' ')
                && !name.contains('"')
            {
                let label = super::zh(name);
                assert!(label.is_some(), "no Chinese label for input field {name}");
                assert!(label.is_some_and(|l| !l.chars().any(|c| c.is_ascii_alphabetic())));
            }
        }
    }
}
