// Package fakegen renders the test doubles of kclient's typed clients from
// the same model.API and options clientgen renders the clients from:
//
//   - <TypedDir>/<group>/<version>/fake: Fake<Group><Version>, whose getters
//     return one fake per resource. Each fake embeds the matching
//     gentype.FakeClient* type (so its verbs become testing.Actions on a
//     shared *testing.Fake) and adds the +genclient:method extensions.
//     Hand-written fake_*_expansion.go files in that directory supply the
//     hand-written expansion methods of the real clients.
//   - <ClientsetDir> (kubernetes/fake): the fake Clientset with every
//     group-version, its private scheme, NewSimpleClientset and
//     NewClientset (with field management, so Apply works).
//
// Like clientgen, the output is a pure function of the model, the options
// and the files already on disk (apply configurations decide which Apply
// methods exist).
package fakegen
