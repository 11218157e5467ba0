"""Every label of the app in one place: Chinese first, English beside it.

``LABELS`` has three sections: ``text`` (titles, captions, messages), ``columns`` (column names
of the marts and audit tables) and ``codes`` (the lower-case codes the marts store, e.g.
``compliant``). Each entry is ``(中文, English)``. ``t()``, ``col()`` and ``code()`` pick the
language chosen in the sidebar; a key without a label falls back to the key itself.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

LANG_STATE_KEY = "lang_en"

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "text": {
        # app and navigation
        "app_title": ("危化品安全执法监管数据仓库", "Hazardous-chemicals enforcement warehouse"),
        "english": ("English", "English"),
        "as_of": ("统计时点（花名册月份）", "As of (roster month)"),
        "as_of_help": (
            "人员类指标按所选花名册快照日期计算；年度指标取该日期所在年份。",
            "Staff measures use the roster snapshot of this date; yearly measures its year.",
        ),
        "section_overview": ("总览", "Overview"),
        "section_business": ("业务", "Business"),
        "section_tools": ("数据", "Data"),
        "page_leadership": ("领导驾驶舱", "Leadership"),
        "page_personnel": ("人员培训", "Personnel & training"),
        "page_inspections": ("执法检查", "Inspections"),
        "page_penalties": ("行政处罚", "Penalties"),
        "page_enterprise": ("企业档案", "Enterprises"),
        "page_data_quality": ("数据质量", "Data quality"),
        "page_sql": ("数据查询", "SQL console"),
        "serving_missing": (
            "尚无可读取的数据：服务副本 {path} 不存在。请先运行 `regwh run` 生成并发布数据，然后刷新本页。",
            "No data yet: the serving copy {path} does not exist. Run `regwh run` to build and "
            "publish it, then reload this page.",
        ),
        "serving_error": (
            "读取服务副本时出错（{error}）。如果数据管道正在发布新数据，请稍后刷新。",
            "Could not read the serving copy ({error}). If the pipeline is publishing, reload "
            "in a moment.",
        ),
        "serving_info": ("数据版本：{path}，发布于 {mtime}", "Data: {path}, published {mtime}"),
        "table_missing": (
            "数据表 marts.{table} 尚未发布，本部分暂无数据。",
            "Table marts.{table} is not published yet; nothing to show here.",
        ),
        "audit_missing": (
            "数据表 audit.{table} 不在服务副本中。",
            "Table audit.{table} is not in the serving copy.",
        ),
        "no_rows": ("没有符合条件的记录。", "No matching rows."),
        "no_as_of": (
            "kpi_professional_ratio 中没有花名册快照日期。",
            "kpi_professional_ratio holds no roster snapshot dates.",
        ),
        "policy_expander": ("本页使用的政策参数", "Policy parameters used on this page"),
        "policy_source_table": (
            "来源：marts.policy_parameters（可在 dbt/seeds/policy_parameters.csv 中统一修改）",
            "Source: marts.policy_parameters (changed in one place: "
            "dbt/seeds/policy_parameters.csv)",
        ),
        "policy_source_columns": (
            "来源：各数据表随结果携带的参数列",
            "Source: the parameter columns the marts carry",
        ),
        "policy_none": ("未找到政策参数。", "No policy parameters found."),
        "parameter": ("参数", "Parameter"),
        "value": ("取值", "Value"),
        "download_csv": ("下载 CSV", "Download CSV"),
        "download_xlsx": ("下载 Excel", "Download Excel"),
        "rows_count": ("共 {n} 行", "{n} rows"),
        "rows_first": ("显示前 {n} 行，共 {total} 行；下载也只含这些行，请用单位、年份或状态筛选缩小范围",
                       "First {n} of {total} rows (downloads hold these rows too); narrow them "
                       "by unit, year or status"),
        "all": ("全部", "All"),
        "unit": ("单位", "Unit"),
        "year": ("年度", "Year"),
        "status": ("状态", "Status"),
        "corps": ("兵团合计", "Corps total"),
        # leadership
        "kpi_corps_ratio": ("兵团专业人员占比", "Corps professional ratio"),
        "kpi_target": ("目标 {target}", "target {target}"),
        "points": ("较目标 {value:+.1f} 个百分点", "{value:+.1f} pp against the target"),
        "kpi_people_gap": ("兵团人员缺口", "Corps people gap"),
        "kpi_people_gap_help": (
            "按现有在岗执法人员数，达到目标还需增加的合格执法人员数。",
            "Additional qualified officers needed to meet the target at the current size.",
        ),
        "kpi_units_meeting": ("达标师市", "Divisions meeting target"),
        "kpi_officers": ("在岗执法人员", "Officers in post"),
        "kpi_induction_rate": ("入职培训达标率", "Induction compliance"),
        "kpi_refresher_rate": ("年度复训达标率（{year}）", "Refresher compliance ({year})"),
        "kpi_rate_help": (
            "达标人数 ÷ 应培训人数（不含无需培训人员），由数据表行计数得出。",
            "Compliant ÷ officers in scope (not_required excluded), counted from mart rows.",
        ),
        "kpi_conflicts": ("一主体问题（{year}）", "One-body findings ({year})"),
        "kpi_conflicts_help": (
            "enforcement_body_conflicts 中该年度的问题条数；括号内为每百家在营企业。",
            "Findings of the year in enforcement_body_conflicts; per 100 operating enterprises.",
        ),
        "kpi_under_inspected": ("检查频次不足企业（{year}）", "Under-inspected enterprises ({year})"),
        "kpi_penalties": ("行政处罚案件（{year}）", "Penalty cases ({year})"),
        "per_100_enterprises": ("每百家企业 {value}", "{value} per 100 enterprises"),
        "per_officer": ("人均 {value}", "{value} per officer"),
        "per_100_title": ("每百家在营企业（按指定执法主体）", "Per 100 operating enterprises (by designated body)"),
        "compare_units": ("对比单位", "Units to compare"),
        "ratio_by_unit": ("各单位专业人员占比（{date}）", "Professional ratio by unit ({date})"),
        "ratio_trend": ("专业人员占比月度趋势", "Monthly trend of the professional ratio"),
        "deadline": ("目标期限 {date}", "Deadline {date}"),
        "target_line": ("目标 {target}", "Target {target}"),
        "ranking": ("师市排名", "Ranking of divisions"),
        "bulletin": ("季度通报", "Quarterly bulletin"),
        "bulletin_quarter": ("通报季度", "Quarter of the bulletin"),
        "bulletin_caption": (
            "各师市按六项政策指标排名（marts.bulletin_division_ranking），与本页数字一致；口径见 docs/bulletin.md。",
            "The divisions ranked on six policy measures (marts.bulletin_division_ranking), the "
            "same figures as this page; definitions in docs/bulletin.md.",
        ),
        "bulletin_docx": ("下载通报（Word）", "Download the bulletin (Word)"),
        "bulletin_pdf": ("下载通报（PDF）", "Download the bulletin (PDF)"),
        "people_gap_chart": ("各单位人员缺口", "People gap by unit"),
        "target_path": ("达标路径", "Path to the target"),
        "target_path_caption": (
            "进度 = 最新花名册日期与其12个月前（当日或之前最近）花名册的合格人数之差；按此进度、在岗人数不变时的预计达标月份。",
            "Pace = qualified officers at the latest roster date minus at the snapshot 12 months "
            "earlier; projected month at that pace, officers in post held constant.",
        ),
        "reach_by": ("在此月底前达标", "Reach the target by the end of"),
        "training_by_unit": ("各单位培训达标率", "Training compliance by unit"),
        "normalised": ("按单位规模归一", "Normalised by unit size"),
        "normalised_caption": (
            "一主体问题与处罚案件按单位在营企业数归一（每百家企业），培训按在岗执法人员数归一。",
            "Findings and penalties per 100 operating enterprises; training per officer.",
        ),
        "penalty_trend": ("行政处罚月度趋势", "Monthly penalty trend"),
        "restatements": ("修正记录", "Restatements"),
        "restatements_caption": (
            "已发布的指标值因更正文件或迟到文件而改变时记录在此：修正前后数值、引起修正的文件、时间。"
            "某一时点所知的数值见 docs/restatements.md。",
            "Published figures later changed by a corrected or late file: before, after, the files "
            "that caused it, when. The figure as known at an earlier time: docs/restatements.md.",
        ),
        "restatements_none": ("已发布的指标尚无修正。", "No published figure has been restated."),
        "restatement_kpi": ("指标", "KPI"),
        "restatement_unit": ("单位", "Unit"),
        "cases": ("案件数", "Cases"),
        "fine_total_wan": ("罚款总额（万元）", "Fines (10k CNY)"),
        # personnel
        "tab_induction": ("入职培训", "Induction"),
        "tab_refresher": ("年度复训", "Refresher"),
        "tab_certificates": ("执法证", "Certificates"),
        "tab_practical": ("岗位实训", "Practical training"),
        "tab_qualification": ("专业资格", "Qualification"),
        "only_unqualified": ("只看不合格人员", "Only officers not qualified"),
        "download_todo": ("下载待办清单（Excel）", "Download the to-do list (Excel)"),
        "tab_history": ("个人培训档案", "Training history"),
        "tab_todo": ("待办事项", "To-do"),
        "person": ("人员编号", "Person ID"),
        "person_pick": ("选择人员", "Choose a person"),
        "history_none": ("该人员没有培训记录。", "No training records for this person."),
        "history_missing": (
            "培训明细表（marts.training_records）尚未发布，仅显示各类状态。",
            "No training detail table (marts.training_records) is published; statuses only.",
        ),
        "covered_days": ("覆盖天数", "Covered days"),
        "todo_caption": (
            "逾期未完成入职培训、本年度复训尚未完成、执法证 90 天内到期或已失效的人员。",
            "Overdue induction, refresher not yet done this year, certificates expiring within "
            "90 days or invalid.",
        ),
        "todo_overdue_induction": ("入职培训逾期", "Overdue induction"),
        "todo_refresher_pending": ("本年度复训未完成", "Refresher not done this year"),
        "todo_certificate": ("执法证问题", "Certificate findings"),
        "practical_share": ("岗位实训覆盖率", "Practical training share"),
        # inspections
        "tab_teams": ("检查组与公示", "Teams & publicity"),
        "tab_randomness": ("随机性", "Randomness"),
        "tab_rotation": ("轮换", "Rotation"),
        "tab_pool": ("对象库", "Object pool"),
        "tab_conflicts": ("一主体", "One body"),
        "tab_supervision": ("分级分类监管", "Graded supervision"),
        "mode": ("检查方式", "Inspection mode"),
        "team_invalid": ("检查组不合规", "Invalid teams"),
        "untrained": ("含未完成入职培训人员", "With untrained inspector"),
        "publicity_overdue": ("公示逾期", "Publicity overdue"),
        "inspections_total": ("检查次数", "Inspections"),
        "team_findings": ("检查组问题明细", "Team findings"),
        "publicity_status_chart": ("双随机结果公示状态", "Double-random publicity status"),
        "p_value_explained": (
            "p 值是“若抽取完全随机，出现至少如此不均匀的抽取结果”的概率；p < 0.01 表示抽取明显不均匀，需要核查。",
            "The p-value is the chance of draws at least this uneven if every draw were truly "
            "random; p < 0.01 flags the unit-year as not uniform.",
        ),
        "not_uniform": ("抽取不均匀", "Draws not uniform"),
        "conflict_pick": ("查看问题涉及的检查", "Inspections behind a finding"),
        "conflict_type": ("问题类型", "Finding type"),
        "inspections_behind": ("涉及的检查", "Inspections behind it"),
        "cases_behind": ("涉及的处罚案件", "Penalty cases behind it"),
        # drill-down from a figure to the rows behind it and their file rows
        "drilldown": ("明细追溯", "Drill-down"),
        "drilldown_ratio_caption": (
            "所选单位在该月花名册中的在岗人员：计入比例的执法人员（是否合格及不达标原因），以及不计入的执法辅助人员和专家；"
            "来源文件/来源行号为花名册中的行（表头为第 1 行）。",
            "Everyone in post in the unit on the chosen roster month: the officers counted (qualified or "
            "not, and why), and the auxiliaries and experts who are not counted; source file / row "
            "name the roster row (the header is row 1).",
        ),
        "drilldown_ratio_counts": (
            "领导角色只看人数：按不达标原因统计。",
            "The leadership role sees head counts only: people per reason.",
        ),
        "drilldown_unit_pick": ("选择单位查看明细", "Pick a unit to see the rows behind it"),
        "drilldown_ratio_figure": (
            "{unit}：在岗执法人员 {officers} 人，合格 {qualified} 人",
            "{unit}: {officers} officers in post, {qualified} qualified",
        ),
        "drilldown_training_pick": ("查看该人员计入的培训记录", "Training records counted for an officer"),
        "drilldown_training_caption": (
            "每条培训记录计入的天数（与更早记录重叠的天数只计入更早的记录），合计即培训天数；来源文件/来源行号为培训台账中的行。",
            "Days each training record adds (a day shared with an earlier record counts for the "
            "earlier one); they add up to the training days. Source file / row name the row of the "
            "training file.",
        ),
        "drilldown_training_rate": (
            "{unit}（{on}）：应培训 {counted} 人，达标 {compliant} 人",
            "{unit} ({on}): {counted} officers in scope, {compliant} compliant",
        ),
        "drilldown_month_pick": ("选择月份查看当月案件", "Pick a month to see its cases"),
        "drilldown_cases_caption": (
            "所选月份（及执法主体）计入趋势的案件（不含已撤销），来源文件/来源行号为处罚台账中的行。",
            "The cases behind the chosen month (and body), revoked cases left out as in the trend; "
            "source file / row name the row of the penalties file.",
        ),
        "by_risk": ("按风险等级", "By risk level"),
        "by_grade": ("按标准化等级", "By standardisation grade"),
        "avg_inspections": ("企均检查次数", "Inspections per enterprise"),
        "under_inspected_list": ("检查频次不足企业", "Under-inspected enterprises"),
        "year_to_date": ("本年度截至目前，对比全年最低次数。", "Year to date, against the full-year minimum."),
        # penalties
        "tab_trend": ("趋势", "Trend"),
        "tab_breakdown": ("分类统计", "Breakdown"),
        "tab_band": ("裁量基准", "Discretion band"),
        "tab_consistency": ("一致性", "Consistency"),
        "tab_compliance": ("法制审核与公示", "Legal review & publicity"),
        "tab_collection": ("罚没款与移送", "Collection & referrals"),
        "same_month_last_year": ("去年同月", "Same month last year"),
        "all_months": ("历年各月案件数", "Cases per month, all years"),
        "this_year": ("本期", "This period"),
        "dimension": ("维度", "Dimension"),
        "band_outliers": ("超出裁量区间的案件", "Cases outside the discretion band"),
        "revoked_note": (
            "已撤销案件不计入趋势，单独统计：{n} 件。",
            "Revoked cases are left out of trends and counted apart: {n}.",
        ),
        "paid_share": ("罚款已缴纳比例", "Share of fines paid"),
        "referred": ("移送司法机关", "Referred to judiciary"),
        "cv_explained": (
            "变异系数（CV）= 标准差 ÷ 平均值，越大说明同类违法行为的罚款越不一致。",
            "CV = standard deviation ÷ mean: the larger, the less consistent the fines.",
        ),
        # enterprise
        "search": ("按企业名称或统一社会信用代码搜索", "Search by name or USCC"),
        "search_hint": ("输入至少 2 个字符。", "Type at least 2 characters."),
        "enterprise_pick": ("选择企业", "Choose an enterprise"),
        "directory_caption": (
            "企业名录（最新登记状态），选择一家企业查看档案。",
            "Enterprise directory (latest registry state); choose one to see its file.",
        ),
        "states": ("历次登记状态", "States over time"),
        "findings": ("相关问题", "Findings"),
        "enterprise_missing": (
            "企业档案表 marts.enterprise_history 尚未发布，只能按统一社会信用代码查询。",
            "marts.enterprise_history is not published; search by USCC only.",
        ),
        # data quality
        "tab_files": ("文件加载", "Files"),
        "tab_rejects": ("拒收行", "Rejected rows"),
        "tab_orphans": ("悬空引用", "Orphans"),
        "tab_majors": ("未分类专业", "Unclassified majors"),
        "tab_freshness": ("数据时效", "Freshness"),
        "tab_checks": ("校验结果", "Check results"),
        "tab_docs": ("文档", "Docs"),
        "tab_returns": ("退回修改表", "Return for correction"),
        "returns_caption": (
            "本单位待修改的拒收行，每个数据源一个 Excel 文件（原表头、单元格为文本、附退回原因）。"
            "事件类数据（培训、检查、处罚等）改好后可直接作为下一批文件发回；快照类数据（花名册、企业名录等）"
            "请在原系统改正后重新导出完整快照。",
            "Your units' open rejected rows, one Excel file per source (the source's headers, cells as "
            "text, with the reason). Event sources: send the fixed sheet back as the next batch; snapshot "
            "sources: fix at the source and export the whole snapshot again.",
        ),
        "returns_open": ("待修改行", "Open rows"),
        "returns_closed": ("已更正/已取代", "Closed / superseded"),
        "returns_download": ("下载 {source} 退回修改表", "Download the {source} return sheet"),
        "returns_names_only": (
            "退回修改表含个人信息，仅人事部门可以下载。",
            "Return sheets hold personal data: personnel offices only.",
        ),
        "returns_none": ("没有待修改的拒收行。", "No open rejected rows."),
        "files_loaded": ("已加载文件", "Files loaded"),
        "files_refused": ("拒收/歧义文件", "Files refused / ambiguous"),
        "rows_rejected": ("拒收行数", "Rows rejected"),
        "orphans_count": ("悬空引用", "Orphans"),
        "freshness_caption": (
            "每个数据源按数据约定的报送周期（每周、每月、每季、每年或按需）应于何日前报送下一个文件；"
            "今天已过应报日期或从未报送的数据源为逾期。",
            "When each source's next file is due by the cadence its data contract declares (weekly, "
            "monthly, quarterly, yearly or as needed); a source past its due date today, or never "
            "delivered, is overdue.",
        ),
        "freshness_all_fresh": ("所有数据源均按期报送。", "Every source is on time."),
        "freshness_overdue": ("{n} 个数据源逾期未报送：{sources}", "{n} sources overdue: {sources}"),
        "freshness_missing": (
            "时效表 marts.dq_source_freshness 尚未发布。",
            "marts.dq_source_freshness is not published yet.",
        ),
        "checks_missing": (
            "暂无校验结果（audit.check_results 不存在）。",
            "No check results yet (audit.check_results absent).",
        ),
        "docs_present": ("已生成：{path}", "Available: {path}"),
        "docs_absent": ("尚未生成：{path}", "Not generated yet: {path}"),
        "data_docs": ("Great Expectations 数据文档", "Great Expectations Data Docs"),
        "dbt_docs": ("dbt 文档", "dbt docs"),
        "calendar_fallback": ("工作日历回退", "Calendar fallback"),
        "reason_filter": ("拒收原因", "Reason"),
        # sql console
        "sql_caption": (
            "只读查询 marts 模式：仅允许单条 SELECT / WITH 语句，最多返回 {limit} 行。",
            "Read-only queries over the marts schema: one SELECT / WITH statement, at most "
            "{limit} rows.",
        ),
        "sql_input": ("SQL 语句", "SQL statement"),
        "sql_run": ("运行查询", "Run query"),
        "sql_refused": ("语句被拒绝：{reason}", "Statement refused: {reason}"),
        "sql_error": ("查询出错：{error}", "Query failed: {error}"),
        "sql_truncated": (
            "结果超过 {limit} 行，仅显示前 {limit} 行。",
            "More than {limit} rows; showing the first {limit}.",
        ),
        "sql_elapsed": ("{n} 行，用时 {seconds:.2f} 秒", "{n} rows in {seconds:.2f} s"),
        "browser": ("表与字段", "Tables and columns"),
        "table": ("数据表", "Table"),
        "label": ("中文名", "Label"),
        "docs_source_column_docs": (
            "字段说明来源：marts.column_docs", "Descriptions from marts.column_docs"
        ),
        "docs_source_comments": ("字段说明来源：数据库注释", "Descriptions from database comments"),
        "docs_source_none": ("暂无字段说明。", "No column descriptions available."),
        "example_queries": ("示例查询", "Example queries"),
        "bulk_export": ("批量下载（服务副本全部数据表）", "Bulk download (every table of the serving copy)"),
        "bulk_export_caption": (
            "每张表一个文件（<模式>.<表>.parquet / .csv，CSV 为带 BOM 的 UTF-8），附 manifest.csv"
            "（表、行数、文件、说明）；与 regwh export 相同。",
            "One file per table (<schema>.<table>.parquet / .csv, CSV as UTF-8 with BOM) and "
            "manifest.csv (table, rows, file, description); the same as `regwh export`.",
        ),
        "bulk_export_format": ("格式", "Format"),
        "bulk_export_prepare": ("生成下载包", "Prepare the download"),
        "bulk_export_download": ("下载 ZIP（{size}）", "Download ZIP ({size})"),
        # access control (dashboards/auth.py, docs/access.md)
        "login_title": ("登录", "Log in"),
        "login_username": ("用户名", "Username"),
        "login_password": ("密码", "Password"),
        "login_submit": ("登录", "Log in"),
        "login_failed": ("用户名或密码错误。", "Wrong username or password."),
        "login_error": ("无法登录：{error}", "Cannot log in: {error}"),
        "logout": ("退出登录", "Log out"),
        "signed_in": ("{name}（{username}）", "{name} ({username})"),
        "user_role_units": ("角色：{role}；单位：{units}", "Role: {role}; units: {units}"),
        "role_leadership": ("领导", "Leadership"),
        "role_personnel": ("人事/培训部门", "Personnel office"),
        "role_analyst": ("数据分析员", "Analyst"),
        "not_logged_in": ("请先登录。", "Please log in first."),
        "page_refused": (
            "您的角色（{role}）无权查看本页。", "Your role ({role}) may not open this page.",
        ),
        # shown in both languages at once: the language toggle may not be reachable yet
        "users_missing": (
            "用户配置文件不存在：{path}。请用 `regwh add-user --config {path} --username … "
            "--name … --role … --unit …` 添加用户（或将 REGWH_USERS 指向已有的用户文件），"
            "然后刷新本页。\n\nThe users file {path} does not exist. Add a user with "
            "`regwh add-user --config {path} --username … --name … --role … --unit …` (or point "
            "REGWH_USERS at an existing users file), then reload this page. See docs/access.md.",
        ) * 2,
        "users_invalid": (
            "用户配置文件无法使用：{error}\n\nThe users file cannot be used: {error} "
            "(docs/access.md).",
        ) * 2,
        "names_missing": (
            "受限副本 {path} 不存在或无法读取，暂只显示人员编号，不显示姓名。",
            "The restricted copy {path} is missing or unreadable: person IDs only, no names.",
        ),
        "per_person_hidden": (
            "按您的角色，本页只显示各单位的人数汇总，不显示人员明细。",
            "For your role this page shows head counts per unit only, no per-person rows.",
        ),
    },
    "columns": {
        "as_of_date": ("统计日期", "As-of date"),
        "kpi": ("指标", "KPI"),
        "period": ("统计期", "Period"),
        "value_before": ("修正前数值", "Before"),
        "value_after": ("修正后数值", "After"),
        "published_before_at": ("原值发布时间", "First published"),
        "restated_at": ("修正时间", "Restated at"),
        "caused_by_files": ("引起修正的文件", "Caused by files"),
        "load_seq_before": ("原值最后加载序号", "Last load before"),
        "load_seq_after": ("新值最后加载序号", "Last load after"),
        "unit_code": ("单位代码", "Unit code"),
        "unit_name": ("单位名称", "Unit name"),
        "unit_label": ("单位", "Unit"),
        "level": ("层级", "Level"),
        "parent_code": ("上级单位", "Parent unit"),
        "officers_in_post": ("在岗执法人员", "Officers in post"),
        "qualified_officers": ("合格执法人员", "Qualified officers"),
        "qualified_ratio": ("专业人员占比", "Qualified ratio"),
        "target_ratio": ("目标占比", "Target ratio"),
        "meets_target": ("是否达标", "Meets target"),
        "people_gap": ("人员缺口", "People gap"),
        "qualified_change_12m": ("近12个月合格人数变化", "Qualified change, 12 months"),
        "ratio_change_12m": ("近12个月占比变化", "Ratio change, 12 months"),
        "pace_base_date": ("进度基期", "Pace base date"),
        "projected_target_month": ("按此进度预计达标月份", "Projected month at this pace"),
        "path_status": ("达标状态", "Path status"),
        "hires_per_month_to_deadline": ("默认期限前每月需增合格人数", "Hires per month by the default deadline"),
        "months_left": ("剩余月数", "Months left"),
        "hires_per_month_needed": ("每月需增合格人数", "Qualified hires needed per month"),
        "person_id": ("人员编号", "Person ID"),
        "full_name": ("姓名", "Name"),
        "hire_date": ("入职日期", "Hire date"),
        "induction_days": ("入职培训天数", "Induction days"),
        "refresher_days": ("复训天数", "Refresher days"),
        "status": ("状态", "Status"),
        "year": ("年度", "Year"),
        "is_current_year": ("本年度（未结束）", "Current year"),
        "year_finished": ("年度已结束", "Year finished"),
        "inspection_id": ("检查编号", "Inspection ID"),
        "inspection_mode": ("检查方式", "Mode"),
        "task_id": ("任务编号", "Task ID"),
        "uscc": ("统一社会信用代码", "USCC"),
        "enterprise_name": ("企业名称", "Enterprise"),
        "body_code": ("执法主体", "Body"),
        "start_date": ("开始日期", "Start date"),
        "end_date": ("结束日期", "End date"),
        "staff_count": ("检查人员数", "Staff"),
        "team_valid": ("检查组合规", "Team valid"),
        "staff_absent_from_roster": ("不在花名册人数", "Staff not in roster"),
        "untrained_inspector": ("含未完成入职培训人员", "Untrained inspector"),
        "task_known": ("任务存在", "Task known"),
        "task_valid": ("任务有效", "Task valid"),
        "draw_date": ("抽取日期", "Draw date"),
        "starts_on_or_after_draw": ("抽取后开始", "Starts after draw"),
        "publicity_deadline": ("公示期限", "Publicity deadline"),
        "publicity_date": ("公示日期", "Publicity date"),
        "publicity_status": ("公示状态", "Publicity status"),
        "now_date": ("数据截至", "Data as of"),
        "finding_type": ("问题类型", "Finding"),
        "finding": ("问题", "Finding"),
        "role": ("角色", "Role"),
        "detail": ("说明", "Detail"),
        "conflict_type": ("问题类型", "Finding type"),
        "designated_body": ("指定执法主体", "Designated body"),
        "bodies": ("涉及主体", "Bodies involved"),
        "inspection_ids": ("涉及检查", "Inspections involved"),
        "case_nos": ("涉及案件", "Cases involved"),
        "body_list": ("涉及主体（列表）", "Bodies involved (list)"),
        "inspection_id_list": ("涉及检查（列表）", "Inspections involved (list)"),
        "case_no_list": ("涉及案件（列表）", "Cases involved (list)"),
        "risk_level": ("风险等级", "Risk level"),
        "standardization_grade": ("标准化等级", "Standardisation grade"),
        "major_hazard_level": ("重大危险源等级", "Major hazard level"),
        "enterprise_type": ("企业类型", "Type"),
        "park_name": ("化工园区", "Chemical park"),
        "inspections": ("检查次数", "Inspections"),
        "required_inspections": ("应检查次数", "Required inspections"),
        "under_inspected": ("检查频次不足", "Under-inspected"),
        "year_to_date": ("截至目前", "Year to date"),
        "enterprises": ("企业数", "Enterprises"),
        "avg_inspections": ("企均检查次数", "Inspections per enterprise"),
        "case_no": ("处罚决定书文号", "Case no."),
        "decision_date": ("决定日期", "Decision date"),
        "filed_date": ("立案日期", "Filed date"),
        "violation_code": ("违法行为代码", "Violation code"),
        "violation_name": ("违法行为", "Violation"),
        "circumstance": ("裁量情节", "Circumstance"),
        "fine_amount": ("罚款金额（元）", "Fine (CNY)"),
        "fine_min": ("罚款下限（元）", "Fine min (CNY)"),
        "fine_max": ("罚款上限（元）", "Fine max (CNY)"),
        "confiscation_amount": ("没收违法所得（元）", "Confiscation (CNY)"),
        "band_status": ("裁量区间", "Discretion band"),
        "legal_review_status": ("法制审核", "Legal review"),
        "legal_review_date": ("法制审核日期", "Legal review date"),
        "is_major": ("重大执法决定", "Major decision"),
        "paid_date": ("缴款日期", "Paid date"),
        "is_paid": ("已缴款", "Paid"),
        "referred_to_judiciary": ("移送司法机关", "Referred"),
        "month": ("月份", "Month"),
        "cases": ("案件数", "Cases"),
        "fine_total": ("罚款总额（元）", "Fines total (CNY)"),
        "fine_median": ("罚款中位数（元）", "Median fine (CNY)"),
        "fine_mean": ("罚款平均值（元）", "Mean fine (CNY)"),
        "fine_stddev": ("罚款标准差（元）", "Std. dev. (CNY)"),
        "fine_cv": ("变异系数", "CV"),
        "cv": ("变异系数", "CV"),
        "body_median": ("主体中位数（元）", "Body median (CNY)"),
        "corps_median": ("兵团中位数（元）", "Corps median (CNY)"),
        "confiscation_total": ("没收总额（元）", "Confiscations (CNY)"),
        "fine_total_prior_year": ("去年同月罚款（元）", "Fines a year earlier (CNY)"),
        "cases_change": ("案件同比变化", "Cases change"),
        "fine_total_change": ("罚款同比变化（元）", "Fines change"),
        "dimension": ("维度", "Dimension"),
        "dimension_value": ("取值", "Value"),
        "tasks": ("任务数", "Tasks"),
        "enterprises_drawn": ("抽取企业数", "Enterprises drawn"),
        "entities_drawn": ("抽取企业数", "Enterprises drawn"),
        "pool_size": ("对象库企业数", "Pool size"),
        "derived_pool_size": ("登记库推算对象数", "Derived pool size"),
        "entity_pool_size": ("上报对象库数量", "Reported pool size"),
        "chi_square": ("卡方统计量", "Chi-square"),
        "degrees_of_freedom": ("自由度", "Degrees of freedom"),
        "dof": ("自由度", "Degrees of freedom"),
        "p_value": ("p 值", "p-value"),
        "not_uniform": ("抽取不均匀", "Not uniform"),
        "drawn_outside_pool": ("库外抽取", "Drawn outside pool"),
        "relative_difference": ("相对差异", "Relative difference"),
        "first_start_date": ("第一次检查日期", "First inspection date"),
        "second_start_date": ("第二次检查日期", "Second inspection date"),
        "days_apart": ("间隔天数", "Days apart"),
        "officers": ("执法人员数", "Officers"),
        "officers_with_practical": ("有岗位实训人员", "With practical training"),
        "practical_share": ("岗位实训覆盖率", "Practical share"),
        "cert_no": ("执法证号", "Certificate no."),
        "cert_expiry": ("执法证有效期至", "Certificate expiry"),
        "days_to_expiry": ("距到期天数", "Days to expiry"),
        "major": ("专业", "Major"),
        "persons": ("人数", "People"),
        "officer_count": ("执法人员数", "Officers"),
        "snapshot_date": ("快照日期", "Snapshot date"),
        "valid_from": ("生效自", "Valid from"),
        "valid_to": ("生效至", "Valid to"),
        "training_type": ("培训类别", "Training type"),
        "record_id": ("培训记录编号", "Record ID"),
        "course_name": ("培训名称", "Course"),
        "provider": ("培训机构", "Provider"),
        "hours": ("学时", "Hours"),
        "result": ("考核结果", "Result"),
        "calendar_date": ("日期", "Date"),
        "day_source": ("日历来源", "Day source"),
        "is_workday": ("工作日", "Working day"),
        "parent_name": ("上级单位名称", "Parent unit name"),
        "parameter": ("参数", "Parameter"),
        "value": ("取值", "Value"),
        "unit_level": ("层级", "Level"),
        "row_type": ("行类型", "Row type"),
        "required_qualified": ("达标所需合格人数", "Qualified officers required"),
        "past_target_deadline": ("已过目标期限", "Past the deadline"),
        "induction_required": ("需入职培训", "Induction required"),
        "days_since_hire": ("入职天数", "Days since hire"),
        "reference_date": ("参照日期", "Reference date"),
        "has_cert_no": ("有执法证号", "Has certificate no."),
        "expiry_warning_days": ("到期预警天数", "Expiry warning days"),
        "education_level": ("最高学历", "Education"),
        "education_ok": ("学历达标", "Education OK"),
        "major_listed": ("专业已分类", "Major classified"),
        "major_safety_related": ("安全相关专业", "Safety-related major"),
        "major_ok": ("专业达标", "Major OK"),
        "prior_experience_years": ("入职前相关年限", "Prior experience (years)"),
        "days_in_post": ("在岗天数", "Days in post"),
        "practical_years": ("实践年限", "Practical years"),
        "practical_ok": ("实践年限达标", "Practical years OK"),
        "is_qualified": ("专业合格", "Qualified"),
        "not_qualified_reason": ("不达标原因", "Why not qualified"),
        "counted_in_ratio": ("计入比例", "Counted in the ratio"),
        "counted_days": ("计入天数", "Days counted"),
        "counts": ("是否计入", "Counts"),
        "source_file": ("来源文件", "Source file"),
        "source_row_number": ("来源行号", "Source row"),
        "majors_snapshot_date": ("专业目录日期", "Majors snapshot date"),
        "entities_drawn_reported": ("上报抽取企业数", "Enterprises drawn (reported)"),
        "draws_outside_pool": ("库外抽取次数", "Draws outside pool"),
        "expected_draws": ("期望抽取次数", "Expected draws"),
        "observed_draws": ("实际抽取次数", "Observed draws"),
        "test_applied": ("已检验", "Test applied"),
        "p_value_threshold": ("p 值阈值", "p-value threshold"),
        "draws_not_uniform": ("抽取不均匀", "Draws not uniform"),
        "randomness_status": ("随机性结论", "Randomness"),
        "pool_size_deviation": ("对象库偏差", "Pool size deviation"),
        "pool_size_tolerance": ("允许偏差", "Tolerance"),
        "first_inspection_id": ("第一次检查编号", "First inspection ID"),
        "second_inspection_id": ("第二次检查编号", "Second inspection ID"),
        "rotation_window_days": ("轮换时间窗（天）", "Rotation window (days)"),
        "body_count": ("主体数", "Number of bodies"),
        "inspection_count": ("检查数", "Number of inspections"),
        "case_count": ("案件数", "Number of cases"),
        "is_year_to_date": ("本年截至目前", "Year to date"),
        "avg_inspections_per_enterprise": ("企均检查次数", "Inspections per enterprise"),
        "under_inspected_enterprises": ("检查不足企业数", "Under-inspected enterprises"),
        "decision_month": ("决定月份", "Decision month"),
        "decision_year": ("决定年度", "Decision year"),
        "is_revoked": ("已撤销", "Revoked"),
        "paid": ("已缴款", "Paid"),
        "referred": ("移送司法机关", "Referred"),
        "prior_year_month": ("去年同月", "Same month a year earlier"),
        "cases_prior_year": ("去年同月案件数", "Cases a year earlier"),
        "confiscation_total_prior_year": ("去年同月没收（元）", "Confiscations a year earlier"),
        "fine_median_prior_year": ("去年同月罚款中位数（元）", "Median fine a year earlier"),
        "fine_total_change_ratio": ("罚款同比", "Fines change (%)"),
        "cases_change_ratio": ("案件同比", "Cases change (%)"),
        "median_minus_corps_median": ("与兵团中位数之差（元）", "Median − corps median"),
        "median_to_corps_median": ("与兵团中位数之比", "Median ÷ corps median"),
        "paid_cases": ("已缴款案件", "Paid cases"),
        "fine_paid_total": ("已缴罚款（元）", "Fines paid (CNY)"),
        "fine_paid_share": ("罚款缴纳比例", "Share of fines paid"),
        "paid_case_share": ("已缴款案件比例", "Share of cases paid"),
        "referred_cases": ("移送案件", "Referred cases"),
        "referred_share": ("移送比例", "Share referred"),
        "cases_all": ("全部案件（含撤销）", "All cases (incl. revoked)"),
        "revoked_cases": ("撤销案件", "Revoked cases"),
        "revoked_share": ("撤销比例", "Share revoked"),
        "revoked_fine_total": ("撤销案件罚款（元）", "Revoked fines (CNY)"),
        "in_latest_snapshot": ("在最新名录中", "In latest registry"),
        "previous_snapshot_date": ("上次快照", "Previous snapshot"),
        "is_first_appearance": ("首次出现", "First appearance"),
        "reappeared": ("重新出现", "Reappeared"),
        "risk_level_changed": ("风险等级变化", "Risk level changed"),
        "designated_body_changed": ("执法主体变化", "Designated body changed"),
        "status_changed": ("经营状态变化", "Status changed"),
        "enterprise_name_changed": ("名称变化", "Name changed"),
        "unit_code_changed": ("所在单位变化", "Unit changed"),
        "major_hazard_level_changed": ("重大危险源等级变化", "Major hazard level changed"),
        "standardization_grade_changed": ("标准化等级变化", "Grade changed"),
        "previous_risk_level": ("原风险等级", "Previous risk level"),
        "previous_designated_body": ("原执法主体", "Previous designated body"),
        "previous_status": ("原经营状态", "Previous status"),
        "days_in_calendar": ("日历天数", "Days in calendar"),
        "file_days": ("日历文件天数", "Days from calendar file"),
        "library_days": ("节假日库天数", "Days from holiday library"),
        "fallback_days": ("推定天数", "Fallback days"),
        "first_fallback_date": ("首个推定日期", "First fallback date"),
        "last_fallback_date": ("最后推定日期", "Last fallback date"),
        "library_last_year": ("节假日库覆盖至", "Library covers up to"),
        "library_version": ("节假日库版本", "Library version"),
        "asset": ("数据资产", "Asset"),
        "staff_in_post": ("在岗人员", "Staff in post"),
        "auxiliaries_in_post": ("在岗执法辅助人员", "Auxiliaries in post"),
        "experts_in_post": ("专家", "Experts"),
        # audit
        "run_id": ("运行编号", "Run ID"),
        "load_seq": ("加载序号", "Load seq."),
        "file_name": ("文件名", "File"),
        "source": ("数据源", "Source"),
        "extract_date": ("提取日期", "Extract date"),
        "content_hash": ("内容校验值", "Content hash"),
        "rows_read": ("读取行数", "Rows read"),
        "rows_loaded": ("加载行数", "Rows loaded"),
        "rows_rejected": ("拒收行数", "Rows rejected"),
        "message": ("说明", "Message"),
        "loaded_at": ("加载时间", "Loaded at"),
        "row_number": ("行号", "Row"),
        "column_name": ("字段", "Column"),
        "raw_value": ("原始值", "Raw value"),
        "reason_code": ("原因代码", "Reason code"),
        "reason": ("原因", "Reason"),
        "record_key": ("记录键", "Record key"),
        "reference_column": ("引用字段", "Reference column"),
        "reference_value": ("引用值", "Reference value"),
        "referenced_source": ("被引用数据源", "Referenced source"),
        "overdue": ("逾期", "Overdue"),
        "title": ("数据源名称", "Source name"),
        "cadence": ("报送周期", "Cadence"),
        "files_loaded": ("已加载文件数", "Files loaded"),
        "last_extract_date": ("最近提取日期", "Latest extract date"),
        "last_file_name": ("最近文件", "Latest file"),
        "last_loaded_at": ("最近加载时间", "Last loaded at"),
        "next_due_date": ("下次应报日期", "Next due"),
        "schedule_status": ("报送状态", "Schedule status"),
        "closed_by_file": ("更正文件", "Closed by file"),
        "closed_at": ("更正时间", "Closed at"),
        "table_name": ("数据表", "Table"),
        "description": ("说明", "Description"),
        "data_type": ("类型", "Type"),
        "comment": ("注释", "Comment"),
        "check_name": ("校验项", "Check"),
        "passed": ("通过", "Passed"),
        "checked_at": ("校验时间", "Checked at"),
        "severity": ("级别", "Severity"),
        # policy parameters
        "policy_effective_date": ("政策生效日期", "Policy effective date"),
        "professional_target_ratio": ("专业人员占比目标", "Professional target ratio"),
        "professional_target_deadline": ("占比目标期限", "Target deadline"),
        "target_deadline": ("占比目标期限", "Target deadline"),
        "min_education_level": ("最低学历", "Minimum education"),
        "min_practical_years": ("最低实践年限", "Minimum practical years"),
        "induction_min_days": ("入职培训最少天数", "Induction minimum days"),
        "induction_grace_days": ("入职培训宽限天数", "Induction grace days"),
        "refresher_min_days": ("年度复训最少天数", "Refresher minimum days"),
        "practical_window_years": ("岗位实训回溯年数", "Practical window (years)"),
        "min_officers_per_inspection": ("每次检查最少执法人员", "Minimum officers per inspection"),
        "random_publicity_workdays": ("双随机结果公示时限（工作日）", "Random-check publicity (workdays)"),
        "penalty_publicity_workdays": ("处罚公示时限（工作日）", "Penalty publicity (workdays)"),
        "duplicate_window_days": ("重复检查时间窗（天）", "Duplicate window (days)"),
        "conflict_exempt_modes": ("不计入一主体检查的方式", "Modes exempt from one-body rule"),
        "min_inspections_red": ("红色企业年度最少检查", "Minimum inspections, red"),
        "min_inspections_orange": ("橙色企业年度最少检查", "Minimum inspections, orange"),
        "min_inspections_yellow": ("黄色企业年度最少检查", "Minimum inspections, yellow"),
        "min_inspections_blue": ("蓝色企业年度最少检查", "Minimum inspections, blue"),
        "certificate_warning_days": ("执法证到期预警天数", "Certificate warning days"),
    },
    "codes": {
        "ALL": ("兵团合计", "Corps total"),
        # contract KPIs (marts.kpi_values, kpi_restatements)
        "professional_officers_in_post": ("在岗执法人员数", "Officers in post"),
        "professional_qualified_officers": ("具备资格执法人员数", "Qualified officers"),
        "professional_qualified_ratio": ("专业人员占比", "Professional staff ratio"),
        "induction_completion_rate": ("入职培训达标率", "Induction completion rate"),
        "refresher_completion_rate": ("年度复训达标率", "Refresher completion rate"),
        "body_conflicts": ("一主体问题数", "One-body findings"),
        "body_conflicts_no_designated_body": ("一主体问题数：未确定执法主体", "Findings: no designated body"),
        "body_conflicts_non_designated_body": ("一主体问题数：非指定主体检查", "Findings: non-designated body"),
        "body_conflicts_multiple_bodies": ("一主体问题数：多主体检查", "Findings: multiple bodies"),
        "body_conflicts_duplicate_inspection": ("一主体问题数：重复检查", "Findings: duplicate inspection"),
        "body_conflicts_non_designated_penalty": ("一主体问题数：非指定主体处罚", "Findings: non-designated penalty"),
        "penalty_cases": ("处罚案件数", "Penalty cases"),
        "penalty_fine_total": ("罚款总额（元）", "Fines (CNY)"),
        # statuses
        "compliant": ("达标", "Compliant"),
        "in_progress": ("培训中", "In progress"),
        "overdue": ("逾期", "Overdue"),
        "not_required": ("无需", "Not required"),
        # source cadences and schedule (marts.dq_source_freshness)
        "weekly": ("每周", "Weekly"),
        "monthly": ("每月", "Monthly"),
        "quarterly": ("每季度", "Quarterly"),
        "yearly": ("每年", "Yearly"),
        "as_needed": ("按需", "As needed"),
        "scheduled": ("定期报送", "Scheduled"),
        "never_loaded": ("从未报送", "Never delivered"),
        "non_compliant": ("未达标", "Non-compliant"),
        "pending": ("待完成", "Pending"),
        "on_time": ("按时", "On time"),
        "late": ("迟延", "Late"),
        "within": ("区间内", "Within"),
        "below": ("低于下限", "Below"),
        "above": ("高于上限", "Above"),
        "no_standard": ("无裁量基准", "No standard"),
        "ok": ("合规", "OK"),
        "missing": ("缺失", "Missing"),
        "after_decision": ("晚于决定", "After decision"),
        # one-body findings
        "no_designated_body": ("未确定执法主体", "No designated body"),
        "non_designated_body": ("非指定主体检查", "Non-designated body"),
        "multiple_bodies": ("多头检查", "Multiple bodies"),
        "duplicate_inspection": ("重复检查", "Duplicate inspection"),
        "non_designated_penalty": ("非指定主体处罚", "Non-designated penalty"),
        # inspection team findings
        "absent_from_roster": ("不在花名册", "Absent from roster"),
        "not_officer": ("非执法人员", "Not an officer"),
        "not_in_post": ("不在岗", "Not in post"),
        "no_valid_certificate": ("无有效执法证", "No valid certificate"),
        "induction_incomplete": ("入职培训未完成", "Induction incomplete"),
        "team_too_small": ("执法人员不足", "Too few officers"),
        # certificates
        "no_certificate": ("无执法证", "No certificate"),
        "expired": ("已过期", "Expired"),
        "expiring_soon": ("90 天内到期", "Expiring within 90 days"),
        "expiring": ("90 天内到期", "Expiring within 90 days"),
        "expiring_90d": ("90 天内到期", "Expiring within 90 days"),
        "unit": ("单位", "Unit"),
        "unlisted_unit": ("未在单位表中", "Unlisted unit"),
        # pool findings
        "drawn_outside_pool": ("库外抽取", "Drawn outside the pool"),
        "pool_size_mismatch": ("对象库与登记库不符", "Pool out of step with registry"),
        "pool_mismatch": ("对象库与登记库不符", "Pool out of step with registry"),
        "pool_out_of_step": ("对象库与登记库不符", "Pool out of step with registry"),
        "uniform": ("未见异常", "Uniform"),
        "not_uniform": ("抽取不均匀", "Not uniform"),
        "no_test": ("不检验（对象库不足 2 家）", "No test (pool below 2)"),
        "unknown": ("未知", "Unknown"),
        "all": ("全部", "All"),
        "body_code": ("执法主体", "Body"),
        "violation_code": ("违法行为", "Violation"),
        "circumstance": ("裁量情节", "Circumstance"),
        "risk_level": ("风险等级", "Risk level"),
        "standardization_grade": ("标准化等级", "Standardisation grade"),
        # enumerations
        "corps": ("兵团", "Corps"),
        "division": ("师市", "Division"),
        "red": ("红", "Red"),
        "orange": ("橙", "Orange"),
        "yellow": ("黄", "Yellow"),
        "blue": ("蓝", "Blue"),
        "none": ("无", "None"),
        "operating": ("在营", "Operating"),
        "suspended": ("停产", "Suspended"),
        "closed": ("已结案", "Closed"),
        "officer": ("执法人员", "Officer"),
        "auxiliary": ("执法辅助人员", "Auxiliary"),
        "expert": ("专家", "Expert"),
        # why an officer is not qualified (not_qualified_reason, a sorted list of these)
        "education": ("学历不足", "Education below the minimum"),
        "experience": ("实践年限不足", "Too few practical years"),
        "major_not_safety": ("专业非安全相关", "Major not safety-related"),
        "major_unlisted": ("专业未列入目录", "Major not in the list"),
        "lead": ("主办", "Lead"),
        "assist": ("协办", "Assist"),
        "induction": ("入职培训", "Induction"),
        "refresher": ("复训", "Refresher"),
        "practical": ("岗位实训", "Practical"),
        "other": ("其他", "Other"),
        "pass": ("合格", "Pass"),
        "fail": ("不合格", "Fail"),
        "absent": ("缺考", "Absent"),
        "double_random": ("双随机", "Double random"),
        "key": ("重点检查", "Key"),
        "special": ("专项检查", "Special"),
        "complaint": ("举报核查", "Complaint"),
        "follow_up": ("复查", "Follow-up"),
        "accident": ("事故调查", "Accident"),
        "no_issue": ("未发现问题", "No issue"),
        "rectify": ("责令限期整改", "Rectify"),
        "case_opened": ("立案查处", "Case opened"),
        "minor": ("轻微", "Minor"),
        "general": ("一般", "General"),
        "serious": ("较重", "Serious"),
        "severe": ("严重", "Severe"),
        "executing": ("执行中", "Executing"),
        "reconsideration": ("行政复议", "Reconsideration"),
        "litigation": ("行政诉讼", "Litigation"),
        "revoked": ("已撤销", "Revoked"),
        "production": ("生产", "Production"),
        "storage": ("储存", "Storage"),
        "use": ("使用", "Use"),
        "trade": ("经营", "Trade"),
        "transport": ("运输", "Transport"),
        "disposal": ("废弃处置", "Disposal"),
        "associate": ("大专", "Associate"),
        "bachelor": ("本科", "Bachelor"),
        "master": ("硕士研究生", "Master"),
        "doctor": ("博士研究生", "Doctor"),
        "high_school": ("高中", "High school"),
        "secondary": ("中专", "Secondary"),
        # audit
        "loaded": ("已加载", "Loaded"),
        "unchanged": ("未变化", "Unchanged"),
        "refused": ("拒收", "Refused"),
        "ambiguous": ("重复交付（歧义）", "Ambiguous"),
        "file": ("日历文件", "Calendar file"),
        "library": ("法定节假日库", "Holiday library"),
        "weekday_fallback": ("按周一至周五推定", "Weekday fallback"),
        True: ("是", "Yes"),
        False: ("否", "No"),
    },
}

# Columns whose values are codes to be shown with their labels.
CODED_COLUMNS = frozenset(
    {
        "unit_code", "status", "cadence", "schedule_status", "overdue", "meets_target",
        "team_valid", "untrained_inspector", "task_known",
        "task_valid", "starts_on_or_after_draw", "publicity_status", "finding_type", "finding",
        "role", "conflict_type", "risk_level", "inspection_mode", "under_inspected",
        "year_to_date", "circumstance", "band_status", "legal_review_status", "is_major",
        "referred_to_judiciary", "is_paid", "not_uniform", "drawn_outside_pool", "level",
        "enterprise_type", "training_type", "result", "day_source", "is_workday",
        "is_current_year", "year_finished", "staff_category", "passed", "outcome",
        "standardization_grade", "major_hazard_level", "education_level",
        "randomness_status", "draws_not_uniform", "dimension_value", "row_type", "unit_level",
        "education_ok", "major_listed", "major_safety_related", "major_ok", "practical_ok",
        "is_qualified", "has_cert_no", "induction_required", "past_target_deadline",
        "reappeared", "enterprise_name_changed", "unit_code_changed", "major_hazard_level_changed",
        "standardization_grade_changed", "task_known", "test_applied", "is_year_to_date",
        "is_revoked", "paid", "referred", "in_latest_snapshot", "is_first_appearance",
        "risk_level_changed", "designated_body_changed", "status_changed", "dimension",
        "previous_risk_level", "previous_status", "enterprise_status", "kpi",
        "counted_in_ratio", "counts",
    }
)

# Columns holding a comma-separated list of codes, shown as the list of their labels.
CODE_LIST_COLUMNS = frozenset({"not_qualified_reason"})


def lang() -> str:
    return "en" if st.session_state.get(LANG_STATE_KEY) else "zh"


def _pick(entry: tuple[str, str]) -> str:
    return entry[1] if lang() == "en" else entry[0]


def t(key: str, **values: Any) -> str:
    entry = LABELS["text"].get(key)
    text = _pick(entry) if entry else key
    return text.format(**values) if values else text


def col(name: str) -> str:
    entry = LABELS["columns"].get(name)
    return _pick(entry) if entry else name


def code(value: Any, overrides: dict[Any, tuple[str, str]] | None = None) -> str:
    """The label of a stored code (strings and booleans); anything else as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        key: Any = bool(value)
    elif isinstance(value, str):
        key = value
    elif isinstance(value, float) and np.isnan(value):
        return ""
    else:
        return str(value)
    entry = (overrides or {}).get(key) or LABELS["codes"].get(key)
    return _pick(entry) if entry else str(value)


def code_list(value: Any) -> str:
    """The labels of a comma-separated list of codes ('education,experience' → 学历不足、实践年限不足)."""
    if not isinstance(value, str) or not value:
        return ""
    return ("、" if lang() == "zh" else ", ").join(code(part) for part in value.split(","))


def code_labeller(extra: dict[Any, str] | None = None):
    """A ``format_func`` for widgets whose options are codes."""

    def label(value: Any) -> str:
        if extra and value in extra:
            return extra[value]
        return code(value)

    return label


def localise(
    frame: pd.DataFrame,
    unit_names: dict[str, str] | None = None,
    overrides: dict[str, dict[Any, tuple[str, str]]] | None = None,
) -> pd.DataFrame:
    """A copy for display: code columns shown with labels, column names translated.

    ``overrides`` gives column-specific labels where a code means something else in that
    column (e.g. ``closed`` is 关闭 for an enterprise but 已结案 for a case).
    """
    shown = frame.copy()
    for name in shown.columns:
        series = shown[name]
        if name in {"unit_code", "body_code", "designated_body"} and unit_names:
            shown[name] = series.map(lambda v: unit_label(v, unit_names))
        elif name in CODE_LIST_COLUMNS:
            shown[name] = series.map(code_list)
        elif name in CODED_COLUMNS and (
            pd.api.types.is_object_dtype(series)
            or pd.api.types.is_string_dtype(series)
            or pd.api.types.is_bool_dtype(series)
        ):
            column_overrides = (overrides or {}).get(name)
            shown[name] = series.map(lambda v, o=column_overrides: code(v, o))
    labels = [col(name) for name in shown.columns]
    # two columns with the same label would break the table: keep the raw name beside it
    shown.columns = [
        f"{label}（{name}）" if labels.count(label) > 1 else label
        for label, name in zip(labels, frame.columns)
    ]
    return shown


def unit_label(value: Any, unit_names: dict[str, str] | None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if value == "ALL":
        return code("ALL")
    name = (unit_names or {}).get(value)
    return f"{name}（{value}）" if name and name != value else str(value)
