package v1

import "k8s.io/apimachinery/pkg/runtime"

// RegisterDefaults installs SetObjectDefaults_Config as the defaulter of
// Config in scheme.
func RegisterDefaults(scheme *runtime.Scheme) error {
	scheme.AddTypeDefaultingFunc(&Config{}, func(obj any) { SetObjectDefaults_Config(obj.(*Config)) })
	return nil
}

// SetObjectDefaults_Config applies every defaulter that reaches into in:
// today that is SetDefaults_ExecConfig on each user's exec plugin.
func SetObjectDefaults_Config(in *Config) {
	for i := range in.AuthInfos {
		if exec := in.AuthInfos[i].AuthInfo.Exec; exec != nil {
			SetDefaults_ExecConfig(exec)
		}
	}
}

// SetDefaults_ExecConfig defaults InteractiveMode to IfAvailable for the
// client.authentication.k8s.io v1alpha1 and v1beta1 APIs, which predate the
// field. Other versions must set it explicitly and are left alone.
func SetDefaults_ExecConfig(exec *ExecConfig) {
	if exec.InteractiveMode != "" {
		return
	}
	switch exec.APIVersion {
	case "client.authentication.k8s.io/v1alpha1", "client.authentication.k8s.io/v1beta1":
		exec.InteractiveMode = IfAvailableExecInteractiveMode
	}
}
