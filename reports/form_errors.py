"""Which parts of the long report form failed, for the banner at its top."""


def failed_parts(form, formset) -> list[str]:
    """「开头段落」, 「第2节「组织建设」」…: every field and section with an error, in page order."""
    parts = [str(form.fields[name].label) for name in form.fields if name in form.errors]
    if form.non_field_errors():
        parts.insert(0, "标题和日期")
    if formset.non_form_errors():
        parts.append("二、重点工作落实情况")
    for number, section in enumerate(formset.forms, 1):
        if not section.errors:
            continue
        heading = section.instance.heading if section.instance.pk else section.data.get(section.add_prefix("heading"))
        where = f"第{number}节" if section.instance.pk else "新增一节"
        parts.append(f"{where}「{heading}」" if heading else where)
    return parts
