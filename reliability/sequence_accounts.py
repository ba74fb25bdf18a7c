"""Account steps of the differential sequences: users, groups, comments on the run's shared page
and authentication (strategies, logins, API keys), each on objects named in the sequence's sandbox."""

from __future__ import annotations

from hypothesis import strategies as st

from reliability.sequence_pages import SHARED_PAGE
from reliability.sequence_steps import RESULT, TEXT, Draw, Names, Ref, Step

USER_FIELDS = (
    "id name email providerKey providerName isSystem isActive isVerified location jobTitle timezone"
    " dateFormat appearance groups { id name } tfaIsActive"
)


def users(draw: Draw, names: Names) -> list[Step]:
    ref = names.next("user")
    email = f"{names.stem}-{ref}@conformance.invalid"
    create = (
        "mutation($email: String!, $name: String!, $password: String, $must: Boolean) { users { create(email:"
        ' $email, name: $name, passwordRaw: $password, providerKey: "local", groups: [], mustChangePassword: $must,'
        " sendWelcomeEmail: false) { " + RESULT + " user { id } } } }"
    )
    steps = [
        Step(
            "users",
            "users.create",
            create,
            {
                "email": draw(st.sampled_from([email, email.upper(), "not-an-email"])),
                "name": draw(TEXT),
                "password": draw(st.sampled_from(["", "short", "long-enough-password-1"])),
                "must": draw(st.booleans()),
            },
            bind=(ref, ("users", "create", "user", "id")),
        )
    ]
    user = Ref(ref)
    follow = draw(
        st.lists(st.sampled_from(["single", "update", "activate", "deactivate", "verify", "tfa", "search"]), max_size=3)
    )
    for which in follow:
        if which == "single":
            steps.append(
                Step(
                    "users",
                    "users.single",
                    f"query($id: Int!) {{ users {{ single(id: $id) {{ {USER_FIELDS} }} }} }}",
                    {"id": user},
                )
            )
        elif which == "update":
            query = (
                "mutation($id: Int!, $name: String, $location: String) { users { update(id: $id, name: $name,"
                " location: $location) { " + RESULT + " } } }"
            )
            steps.append(Step("users", "users.update", query, {"id": user, "name": draw(TEXT), "location": draw(TEXT)}))
        elif which == "search":
            query = "query($q: String!) { users { search(query: $q) { id name email providerKey isSystem isActive } } }"
            steps.append(Step("users", "users.search", query, {"q": names.stem}))
        else:
            mutation = {"activate": "activate", "deactivate": "deactivate", "verify": "verify", "tfa": "disableTFA"}[
                which
            ]
            query = f"mutation($id: Int!) {{ users {{ {mutation}(id: $id) {{ {RESULT} }} }} }}"
            steps.append(Step("users", f"users.{mutation}", query, {"id": user}))
    return steps


GROUP_FIELDS = (
    "id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales }"
    " users { id name email }"
)


def groups(draw: Draw, names: Names) -> list[Step]:
    ref = names.next("group")
    create = "mutation($name: String!) { groups { create(name: $name) { " + RESULT + " group { id name isSystem } } } }"
    steps = [
        Step(
            "groups",
            "groups.create",
            create,
            {"name": f"{names.stem}-{ref}"},
            bind=(ref, ("groups", "create", "group", "id")),
        )
    ]
    group = Ref(ref)
    follow = draw(st.lists(st.sampled_from(["single", "update", "assign", "unassign", "list"]), max_size=3))
    for which in follow:
        if which == "single":
            steps.append(
                Step(
                    "groups",
                    "groups.single",
                    f"query($id: Int!) {{ groups {{ single(id: $id) {{ {GROUP_FIELDS} }} }} }}",
                    {"id": group},
                )
            )
        elif which == "update":
            query = (
                "mutation($id: Int!, $name: String!, $permissions: [String]!) { groups { update(id: $id, name: $name,"
                ' redirectOnLogin: "/", permissions: $permissions, pageRules: []) { ' + RESULT + " } } }"
            )
            permissions = draw(
                st.lists(
                    st.sampled_from(["read:pages", "write:pages", "read:comments", "manage:system"]),
                    max_size=3,
                    unique=True,
                )
            )
            steps.append(
                Step(
                    "groups",
                    "groups.update",
                    query,
                    {"id": group, "name": f"{names.stem}-{ref}-x", "permissions": permissions},
                )
            )
        elif which == "list":
            query = "query { groups { list { id name isSystem userCount } } }"
            steps.append(Step("groups", "groups.list", query, scoped=True))
        else:
            mutation = "assignUser" if which == "assign" else "unassignUser"
            query = (
                f"mutation($g: Int!, $u: Int!) {{ groups {{ {mutation}(groupId: $g, userId: $u) {{ {RESULT} }} }} }}"
            )
            steps.append(
                Step("groups", f"groups.{mutation}", query, {"g": group, "u": Ref("user1") if names.counter > 1 else 2})
            )
    return steps


def comments(draw: Draw, names: Names) -> list[Step]:
    ref = names.next("comment")
    create = (
        "mutation($page: Int!, $content: String!) { comments { create(pageId: $page, content: $content) { "
        + RESULT
        + " id } } }"
    )
    steps = [
        Step(
            "comments",
            "comments.create",
            create,
            {"page": SHARED_PAGE, "content": draw(TEXT)},
            bind=(ref, ("comments", "create", "id")),
            fresh_source=True,
        ),
        Step(
            "comments",
            "comments.single",
            "query($id: Int!) { comments { single(id: $id) { id content render authorName authorEmail } } }",
            {"id": Ref(ref)},
        ),
    ]
    if draw(st.booleans()):
        update = (
            "mutation($id: Int!, $content: String!) { comments { update(id: $id, content: $content) { "
            + RESULT
            + " render } } }"
        )
        steps.append(Step("comments", "comments.update", update, {"id": Ref(ref), "content": draw(TEXT)}))
    steps.append(
        Step(
            "comments",
            "comments.delete",
            "mutation($id: Int!) { comments { delete(id: $id) { " + RESULT + " } } }",
            {"id": Ref(ref)},
        )
    )
    steps.append(
        Step("comments", "comments.providers", "query { comments { providers { key title isEnabled isAvailable } } }")
    )
    return steps


def authentication(draw: Draw, names: Names) -> list[Step]:
    which = draw(st.sampled_from(["strategies", "active", "keys", "login", "forgot"]))
    if which == "strategies":
        return [
            Step(
                "authentication",
                "authentication.strategies",
                "query { authentication { strategies { key title description isAvailable useForm usernameType logo"
                " color website icon } } }",
            )
        ]
    if which == "active":
        query = (
            "query { authentication { activeStrategies { key displayName order isEnabled selfRegistration"
            " domainWhitelist autoEnrollGroups strategy { key title } } } }"
        )
        return [Step("authentication", "authentication.activeStrategies", query)]
    if which == "login":
        query = (
            "mutation($u: String!, $p: String!, $s: String!) { authentication { login(username: $u, password: $p,"
            " strategy: $s) { "
            + RESULT
            + " jwt mustChangePwd mustProvideTFA mustSetupTFA continuationToken redirect } } }"
        )
        variables = {
            "u": f"{names.stem}-nobody@conformance.invalid",
            "p": draw(TEXT),
            "s": draw(st.sampled_from(["local", "unknown"])),
        }
        return [Step("authentication", "authentication.login", query, variables, fresh_source=True)]
    if which == "forgot":
        query = "mutation($e: String!) { authentication { forgotPassword(email: $e) { " + RESULT + " } } }"
        return [
            Step(
                "authentication",
                "authentication.forgotPassword",
                query,
                {"e": f"{names.stem}-nobody@conformance.invalid"},
                fresh_source=True,
            )
        ]
    ref = names.next("key")
    create = (
        "mutation($name: String!, $exp: String!) { authentication { createApiKey(name: $name, expiration: $exp,"
        " fullAccess: true) { " + RESULT + " key } } }"
    )
    return [
        Step(
            "authentication",
            "authentication.createApiKey",
            create,
            {"name": f"{names.stem}-{ref}", "exp": draw(st.sampled_from(["1y", "30d", "bogus"]))},
        ),
        Step("authentication", "authentication.apiState", "query { authentication { apiState } }"),
    ]
