package v1

// WidgetListerExpansion is declared by hand here, so the generator must not
// emit it.
type WidgetListerExpansion interface {
	CountWidgets() int
}
