//! The data-protection papers in a team (issue 25, item 5): made by a
//! coordinator, from the team's member list as the devices know it (who
//! holds the case key), naming the sync server; a consultant cannot make
//! them. Fictitious data only.

use crate::common::*;
use feltbog_api::team::MemberRole;
use feltbog_core::Error;

#[test]
fn a_coordinator_makes_the_papers_with_the_team_as_it_is_and_a_consultant_cannot() {
    let rig = Rig::sqlite();
    let (url, code) = (rig.url(), rig.setup_code());
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (mut a, _) = create(dirs[0].path());
    let (mut b, _) = create(dirs[1].path());
    let (mut c, _) = create(dirs[2].path());
    a.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let with_cases = a.invite(MemberRole::Consultant, true).unwrap();
    b.join_team(&url, &with_cases.code, Some("Bo")).unwrap();
    let without = a.invite(MemberRole::Consultant, false).unwrap();
    c.join_team(&url, &without.code, Some("Cai")).unwrap();
    for _ in 0..2 {
        a.sync().unwrap();
        b.sync().unwrap();
        c.sync().unwrap();
    }

    let f = a.compliance_facts().unwrap();
    assert_eq!(f.team, "SSP Egeby");
    assert_eq!(f.server.as_deref(), Some(url.as_str()));
    assert_eq!(
        (f.members, f.coordinators, f.case_members),
        (3, 1, 2),
        "{f:?}"
    );
    assert!(f.team_rules, "a team's rules are the team's");

    for consultant in [&b, &c] {
        assert!(matches!(
            consultant.compliance_facts(),
            Err(Error::Forbidden(_))
        ));
    }
}
