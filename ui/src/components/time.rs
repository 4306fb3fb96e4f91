//! Moments (not dates) as the user reads them: in the machine's time zone,
//! which the webview knows and the shell need not.

/// An RFC 3339 time as "23-11-2026 10:12" in the machine's time zone.
pub fn local_time(at: &str) -> String {
    match js_date(at) {
        Some(d) => format!(
            "{:02}-{:02}-{} {:02}:{:02}",
            d.get_date(),
            d.get_month() + 1,
            d.get_full_year(),
            d.get_hours(),
            d.get_minutes()
        ),
        None => at.to_owned(),
    }
}

/// An RFC 3339 time as "10:12" when it is today, otherwise as
/// [`local_time`] does.
pub fn local_clock(at: &str) -> String {
    let (Some(d), now) = (js_date(at), js_sys::Date::new_0()) else {
        return at.to_owned();
    };
    let same_day = d.get_date() == now.get_date()
        && d.get_month() == now.get_month()
        && d.get_full_year() == now.get_full_year();
    if same_day {
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    } else {
        local_time(at)
    }
}

fn js_date(at: &str) -> Option<js_sys::Date> {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(at));
    (!d.get_time().is_nan()).then_some(d)
}
