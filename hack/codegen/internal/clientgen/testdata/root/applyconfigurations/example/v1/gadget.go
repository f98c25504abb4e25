package v1

// GadgetApplyConfiguration makes the generator emit Apply for Gadget only.
type GadgetApplyConfiguration struct {
	Name *string `json:"name,omitempty"`
}
