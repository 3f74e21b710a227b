//! The report's sections 一 to 四 and its notes: the report's figures as sentences, the
//! coverage table by child region, the figures table and the two charts.

use std::fmt::Write;

use super::svg::{self, Column, CoverageBars};
use super::text::{date, esc, percent, ratio, yuan_grouped, yuan_prose};
use crate::domain::enums::RegionLevel;
use crate::service::coverage::{Coverage, CoverageMeasure};
use crate::service::report::AnnualReport;
use crate::service::summary::ZHULAO_SERIES;

/// A figure set in bold, as reports highlight their numbers.
fn num(value: impl std::fmt::Display) -> String {
    format!(r#"<b class="num">{value}</b>"#)
}

/// An amount in the prose: the number in bold, then its unit (`2.07亿元`, `61.24万元`).
fn money(fen: i64) -> String {
    let (value, unit) = yuan_prose(fen);
    format!("{}{unit}", num(value))
}

/// [`money`] without the bold, for the breakdowns in brackets.
fn plain_money(fen: i64) -> String {
    let (value, unit) = yuan_prose(fen);
    format!("{value}{unit}")
}

const WITHHELD: &str = r#"<span class="withheld">（涉及人数不足5人，按规定不予公开）</span>"#;

/// "全市", "全县", "全区", "全镇" … for the region's own level.
fn whole(name: &str, level: RegionLevel) -> String {
    let last = if matches!(level, RegionLevel::City) {
        Some('市')
    } else {
        name.chars().last().filter(|c| "区县镇乡".contains(*c))
    };
    last.map_or_else(|| "辖区".to_owned(), |c| format!("全{c}"))
}

/// Sections 一 to 四 and the notes.
pub fn write_body(out: &mut String, r: &AnnualReport) {
    let s = &r.summary;
    let all = whole(&r.region_name, r.level);
    let b = &s.base_activities;
    let _ = write!(
        out,
        r#"<p class="lead">{year}年，{name}坚持把统一战线工作向基层延伸，依托统战工作网络名录，持续搭建基层统战平台、健全基层工作机制、推动统战工作成效转化。现将{all}全年主要工作数据报告如下。</p>
<h2>一、搭建基层统战平台，凝聚广泛共识</h2>
<p>理论宣讲深入基层。{all}宣讲团深入村（社区）、企业开展理论宣讲{lectures}场次，受众达{audience}人次。</p>
<p>实践基地建设有力。全年新建新的社会阶层人士实践创新基地{bases}处，依托实践创新基地开展常态化对话交流、就业服务、帮扶济困等活动{base_count}场，募集现金和物资共计{donations}（其中现金{cash}，物资折价{in_kind}）。</p>
<p>建言献策务实管用。各民主党派基层组织围绕人居环境、公共服务、矛盾化解等开展调研，全年提出意见建议{sug}条，其中{adopted}条被纳入民生实事项目或转化为具体举措（纳入民生实事项目{projects}条，转化为具体举措{measures}条）。</p>
"#,
        year = s.year,
        name = esc(&r.region_name),
        lectures = num(s.lectures.count),
        audience = num(s.lectures.audience),
        bases = num(s.new_practice_bases),
        base_count = num(b.count),
        donations = money(b.donations_fen()),
        cash = plain_money(b.cash_fen),
        in_kind = plain_money(b.in_kind_fen),
        sug = num(s.suggestions.count),
        adopted = num(s.suggestions.adopted()),
        projects = s.suggestions.into_livelihood_projects,
        measures = s.suggestions.converted_to_measures,
    );
    let lc = s.liaison_coverage;
    let rc = s.reelection_coverage;
    let _ = write!(
        out,
        r#"<h2>二、健全基层工作机制，织密统战工作网络</h2>
<p>联络员队伍全面配齐。截至{year}年12月31日，{all}{villages}个村（社区）中有{covered}个配备在岗统战联络员，覆盖率{lpct}。</p>
<p>基层阵地作用发挥。依托统战工作站、联络点和红石榴家园、石榴籽议事室、侨胞之家等阵地，全年开展宣传联谊活动{homes}次。</p>
<p>民主党派基层组织建设扎实。{dp_total}个民主党派基层组织中有{dp_done}个完成换届，完成率{rpct}；建成党员之家、社员之家等{members_homes}个。</p>
"#,
        year = s.year,
        villages = num(lc.total),
        covered = num(lc.covered),
        lpct = num(percent(lc.covered, lc.total)),
        homes = num(s.home_activities),
        dp_total = num(rc.total),
        dp_done = num(rc.covered),
        rpct = num(percent(rc.covered, rc.total)),
        members_homes = num(s.members_homes),
    );
    if let Some(coverage) = &r.coverage {
        coverage_table(out, coverage);
    }
    results(out, r);
    figures_table(out, r);
    notes(out, r);
}

fn results(out: &mut String, r: &AnnualReport) {
    let s = &r.summary;
    out.push_str("<h2>三、推动成果转化，服务高质量发展</h2>\n");
    if r.withheld.bloggers {
        let _ = writeln!(
            out,
            "<p>助农直播带货持续发力。百万粉丝助农博主情况{WITHHELD}。</p>"
        );
    } else {
        let m = &s.million_follower_influencers;
        let _ = writeln!(
            out,
            "<p>助农直播带货持续发力。粉丝百万以上的助农博主{}名，全年带动农产品销售{}。</p>",
            num(m.count),
            money(m.sales_fen),
        );
    }
    if r.withheld.village_influencers {
        let _ = writeln!(out, "<p>本土村播带动增收。本土村播情况{WITHHELD}。</p>");
    } else {
        let v = &s.village_influencers;
        let _ = writeln!(
            out,
            "<p>本土村播带动增收。扶持本土村播{}名，帮助{}户群众增收。</p>",
            num(v.count),
            num(v.households),
        );
    }
    let _ = write!(
        out,
        "<p>矛盾纠纷多元化解。联合司法机关、社区组织化解商事纠纷{}件。</p>\n<p>网络宣传亮点纷呈。在省、市、县融媒体平台开设“{}”专栏，推出视频{}部、文章{}篇。</p>\n",
        num(s.mediated_disputes),
        esc(ZHULAO_SERIES),
        num(s.publicity.videos),
        num(s.publicity.articles),
    );
    if r.withheld.field_visit_participants {
        let _ = writeln!(out, "<p>网络人士走访调研情况{WITHHELD}。</p>");
    } else {
        let _ = writeln!(
            out,
            "<p>组织网络作家、主播和网络大V等{}人走进重点企业和创新平台，讲好铜城故事。</p>",
            num(s.field_visit_participants),
        );
    }
}

fn child_level(level: RegionLevel) -> &'static str {
    match level {
        RegionLevel::County => "县（区）",
        RegionLevel::Township => "乡镇（街道）",
        RegionLevel::Village => "村（社区）",
        RegionLevel::City => "市",
    }
}

const MEASURE_LABELS: [&str; 4] = ["统战联络员", "工作站或联络点", "各类家园", "结对企业"];

fn coverage_table(out: &mut String, c: &Coverage) {
    let level = child_level(c.level);
    let _ = write!(
        out,
        r#"<h3>（一）基层统战工作网络覆盖情况（截至{as_of}，按{level}）</h3>
<table><caption>表1　村（社区）统战工作覆盖情况</caption>
<thead><tr><th rowspan="2" class="name">{level}</th><th rowspan="2">村（社区）数</th><th colspan="2">有统战联络员</th><th colspan="2">有工作站或联络点</th><th colspan="2">有各类家园</th><th colspan="2">有结对企业</th></tr>
<tr><th>个数</th><th>占比</th><th>个数</th><th>占比</th><th>个数</th><th>占比</th><th>个数</th><th>占比</th></tr></thead>
<tbody>
"#,
        as_of = date(c.as_of),
    );
    let row = |out: &mut String, name: &str, villages: i64, covered: [i64; 4], class: &str| {
        let _ = write!(
            out,
            r#"<tr{class}><td class="name">{}</td><td class="n">{villages}</td>"#,
            esc(name)
        );
        for n in covered {
            let _ = write!(
                out,
                r#"<td class="n">{n}</td><td class="n">{}</td>"#,
                percent(n, villages)
            );
        }
        out.push_str("</tr>\n");
    };
    for r in &c.rows {
        row(out, &r.name, r.villages, r.covered, "");
    }
    row(
        out,
        "合计",
        c.total.villages,
        c.total.covered,
        r#" class="total""#,
    );
    out.push_str("</tbody></table>\n");
    let bars: Vec<CoverageBars<'_>> = c
        .rows
        .iter()
        .map(|r| CoverageBars {
            name: &r.name,
            shares: CoverageMeasure::ALL.map(|m| ratio(r.covered_by(m), r.villages)),
        })
        .collect();
    let title = format!("各{level}村（社区）覆盖率");
    let _ = writeln!(
        out,
        "<figure>{}<figcaption>图1　各{level}村（社区）统战工作覆盖率</figcaption></figure>",
        svg::coverage_chart(&title, &MEASURE_LABELS, &bars)
    );
}

fn figures_table(out: &mut String, r: &AnnualReport) {
    let s = &r.summary;
    let w = r.withheld;
    let hide = |hidden: bool, value: String| if hidden { "—".to_owned() } else { value };
    let m = &s.million_follower_influencers;
    let v = &s.village_influencers;
    let rows: [(&str, String, &str); 20] = [
        ("理论宣讲场次", s.lectures.count.to_string(), "场次"),
        ("理论宣讲受众", s.lectures.audience.to_string(), "人次"),
        ("新建实践创新基地", s.new_practice_bases.to_string(), "处"),
        (
            "实践创新基地开展活动",
            s.base_activities.count.to_string(),
            "场",
        ),
        (
            "募集现金和物资",
            yuan_grouped(s.base_activities.donations_fen()),
            "元",
        ),
        ("民主党派提出建议", s.suggestions.count.to_string(), "条"),
        ("建议被采纳转化", s.suggestions.adopted().to_string(), "条"),
        (
            "配备统战联络员的村（社区）",
            s.liaison_coverage.covered.to_string(),
            "个",
        ),
        ("村（社区）总数", s.liaison_coverage.total.to_string(), "个"),
        ("阵地宣传联谊活动", s.home_activities.to_string(), "次"),
        (
            "完成换届的民主党派基层组织",
            s.reelection_coverage.covered.to_string(),
            "个",
        ),
        ("党员之家、社员之家等", s.members_homes.to_string(), "个"),
        (
            "百万粉丝助农博主",
            hide(w.bloggers, m.count.to_string()),
            "名",
        ),
        (
            "带动农产品销售",
            hide(w.bloggers, yuan_grouped(m.sales_fen)),
            "元",
        ),
        (
            "本土村播",
            hide(w.village_influencers, v.count.to_string()),
            "名",
        ),
        (
            "帮助增收农户",
            hide(w.village_influencers, v.households.to_string()),
            "户",
        ),
        ("化解商事纠纷", s.mediated_disputes.to_string(), "件"),
        ("“铸牢大家谈”视频", s.publicity.videos.to_string(), "部"),
        ("“铸牢大家谈”文章", s.publicity.articles.to_string(), "篇"),
        (
            "走访调研的网络人士",
            hide(
                w.field_visit_participants,
                s.field_visit_participants.to_string(),
            ),
            "人",
        ),
    ];
    out.push_str(
        r#"<h2 class="page-break">四、主要指标一览</h2>
<table><caption>表2　年度主要工作指标</caption>
<thead><tr><th>序号</th><th class="name">指标</th><th>数值</th><th>单位</th></tr></thead><tbody>
"#,
    );
    for (i, (label, value, unit)) in rows.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="name">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
            i + 1,
            esc(label),
            esc(value),
            esc(unit)
        );
        out.push('\n');
    }
    out.push_str("</tbody></table>\n");
    let columns = [
        Column {
            label: "理论宣讲",
            value: s.lectures.count,
            unit: "场",
        },
        Column {
            label: "阵地活动",
            value: s.home_activities,
            unit: "次",
        },
        Column {
            label: "党派建议",
            value: s.suggestions.count,
            unit: "条",
        },
        Column {
            label: "基地活动",
            value: s.base_activities.count,
            unit: "场",
        },
        Column {
            label: "宣传文章",
            value: s.publicity.articles,
            unit: "篇",
        },
        Column {
            label: "化解纠纷",
            value: s.mediated_disputes,
            unit: "件",
        },
        Column {
            label: "宣传视频",
            value: s.publicity.videos,
            unit: "部",
        },
    ];
    let _ = writeln!(
        out,
        "<figure>{}<figcaption>图2　{}年主要工作量</figcaption></figure>",
        svg::column_chart("主要工作量", &columns),
        s.year
    );
}

fn notes(out: &mut String, r: &AnnualReport) {
    let _ = write!(
        out,
        r#"<div class="notes"><p><b>说明：</b></p>
<p>1. 本报告数据由统战工作网络名录数据库按{year}年度（1月1日至12月31日，北京时间）实时统计生成，统计范围为本区划及其下辖全部区划；已删除的记录不计入。</p>
<p>2. 原始材料中表述为“累计”而未注明起始时间的指标，按{year}自然年度统计。</p>
<p>3. 覆盖情况按统计日在岗、在用的联络员、阵地和结对关系计算；占比保留一位小数。</p>
<p>4. 正文金额1万元以上以万元或亿元为单位，保留两位小数；表2所列金额为精确数值（元）。</p>
<p>5. 未登录用户查看时，涉及人数不足5人的指标不予公开。</p></div>
"#,
        year = r.summary.year,
    );
}
